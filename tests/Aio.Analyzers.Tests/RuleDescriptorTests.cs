using Aio.Analyzers.Tests.Support;

namespace Aio.Analyzers.Tests;

public class RuleDescriptorTests
{
    [Fact]
    public void Every_rule_has_its_own_id_a_title_a_message_help_text_and_warning_severity()
    {
        var rules = Snippets.Analyzers.SelectMany(a => a.SupportedDiagnostics).ToList();

        Assert.Equal(["AIO001", "AIO002", "AIO003", "AIO004"], rules.Select(r => r.Id).Order().ToArray());
        Assert.All(rules, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title.ToString()));
            Assert.False(string.IsNullOrWhiteSpace(rule.MessageFormat.ToString()));
            Assert.True(rule.Description.ToString().Length > 100, rule.Id + " needs help text that says how to fix it");
            Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, rule.DefaultSeverity);
            Assert.True(rule.IsEnabledByDefault);
        });
    }
}
