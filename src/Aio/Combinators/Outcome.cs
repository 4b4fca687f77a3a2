namespace Aio;

/// <summary>
/// One child's outcome in <see cref="Asyncio.GatherReturnExceptions{T}(AioTask{T}[])"/>: its value, or the
/// exception (a <see cref="CancelledError"/> for a cancelled child) that asyncio's
/// <c>gather(return_exceptions=True)</c> puts in the result list.
/// </summary>
public readonly record struct Outcome<T>(T? Value, Exception? Exception)
{
    /// <summary>Whether the child produced a value.</summary>
    public bool Succeeded => Exception is null;

    /// <summary>Whether the child was cancelled.</summary>
    public bool Cancelled => Exception is CancelledError;

    /// <summary>The value, or the child's exception rethrown.</summary>
    public T GetValueOrThrow() => Exception is null ? Value! : throw Exception;

    /// <summary>The value or the exception, as asyncio's result list shows it.</summary>
    public override string ToString() => Exception is null ? $"{Value}" : $"{Exception.GetType().Name}({Exception.Message})";
}
