using System.Text.Json.Serialization;

namespace Aio.Crawler.Export;

/// <summary>The fields of one <c>jsonl</c> export line.</summary>
public sealed record JsonlRecord(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("content_type")] string? ContentType,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("fetched_at")] DateTimeOffset FetchedAt,
    [property: JsonPropertyName("elapsed_ms")] double ElapsedMs);

/// <summary>Source-generated serialisation of <see cref="JsonlRecord"/> (no reflection on the export path).</summary>
[JsonSerializable(typeof(JsonlRecord))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class JsonlRecordContext : JsonSerializerContext;
