using System.Linq;
using Xunit;

namespace CloudflareCni.HelpGen.Tests
{
    public sealed class CommandHelpYamlTests
    {
        [Fact]
        public void ParsesScalarsFlowListsAndIndentedBlockLists()
        {
            string[] yaml =
            {
                "# a comment",
                "Type: System.String",
                "DefaultValue: 'it''s'",
                "HelpMessage: \"say \\\"hi\\\"\"",
                "Empty:",
                "Aliases: [a, 'b c', \"d\"]",
                "ParameterSets:",
                "  - Name: One",
                "    Position: 0",
                "  - Name: Two # trailing comment",
                "    Position: Named",
                "AcceptedValues:",
                "- X",
                "- Y",
            };

            CommandHelpYamlNode root = CommandHelpYaml.ParseMapping(yaml, 10);

            Assert.Equal(new[] { "Type", "DefaultValue", "HelpMessage", "Empty", "Aliases", "ParameterSets", "AcceptedValues" }, root.Entries.Select(e => e.Key));
            Assert.Equal("System.String", root.Entries[0].Value.Value);
            Assert.Equal(11, root.Entries[0].Value.Line);
            Assert.Equal("it's", root.Entries[1].Value.Value);
            Assert.Equal("say \"hi\"", root.Entries[2].Value.Value);
            Assert.Null(root.Entries[3].Value.Value);
            Assert.Equal(new[] { "a", "b c", "d" }, root.Entries[4].Value.Items.Select(i => i.Value));
            CommandHelpYamlNode sets = root.Entries[5].Value;
            Assert.Equal(CommandHelpYamlKind.Sequence, sets.Kind);
            Assert.Equal(2, sets.Items.Count);
            Assert.Equal(new[] { "Name=One", "Position=0" }, sets.Items[0].Entries.Select(e => e.Key + "=" + e.Value.Value));
            Assert.Equal(new[] { "Name=Two", "Position=Named" }, sets.Items[1].Entries.Select(e => e.Key + "=" + e.Value.Value));
            Assert.Equal(new[] { "X", "Y" }, root.Entries[6].Value.Items.Select(i => i.Value));
        }

        [Theory]
        [InlineData("Key: value: more", 1)]
        [InlineData("Key: 'open", 1)]
        [InlineData("Key: [a, b", 1)]
        [InlineData("Key: a\nKey: b", 2)]
        [InlineData("Key: a\n  Other: b", 2)]
        [InlineData("Key: &anchor a", 1)]
        public void RejectsYamlOutsideTheSupportedSubset(string yaml, int line)
        {
            CommandHelpYamlException e = Assert.Throws<CommandHelpYamlException>(() => CommandHelpYaml.ParseMapping(yaml.Split('\n'), 1));

            Assert.Equal(line, e.Line);
        }

        [Theory]
        [InlineData("true", true, true)]
        [InlineData("False", true, false)]
        [InlineData("yes", false, false)]
        [InlineData(null, false, false)]
        public void Booleans(string? text, bool valid, bool value)
        {
            Assert.Equal(valid, CommandHelpYaml.TryParseBoolean(text, out bool result));
            Assert.Equal(value, result);
        }
    }
}
