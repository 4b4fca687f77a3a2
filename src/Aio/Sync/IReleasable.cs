namespace Aio;

/// <summary>Something a <see cref="Releaser"/> gives back: a lock or a semaphore permit.</summary>
internal interface IReleasable
{
    void ReleaseHeld();
}
