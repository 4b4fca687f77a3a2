namespace Aio.Crawler.Storage;

/// <summary>A URL leased to one worker: fetch it, then complete, renew or release the lease by <see cref="Id"/>.</summary>
public readonly record struct Lease(long Id, string Url, int Depth, int RedirectHops);
