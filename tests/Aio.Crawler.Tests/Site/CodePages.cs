using System.Text;

namespace Aio.Crawler.Tests.Site;

/// <summary>The legacy encodings the trap pages are written in, which .NET only knows once the
/// code-page provider is registered.</summary>
internal static class CodePages
{
    static CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        ShiftJis = Encoding.GetEncoding("shift_jis");
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static Encoding ShiftJis { get; }

    public static Encoding Windows1252 { get; }
}
