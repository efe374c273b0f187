// Markdown samples used by the tests. They are written to real files in a temporary folder.

using System;
using System.IO;
using System.Xml;
using System.Xml.Linq;

namespace CloudflareCni.HelpGen.Tests
{
    internal static class Samples
    {
        /// <summary>A realistic command doc: three parameter sets, positional/mandatory/switch parameters, aliases,
        /// accepted values, pipeline input, multi-paragraph text, markup characters, both related-link styles.</summary>
        public const string Widget = """
---
document type: cmdlet
external help file: CloudflareCni.dll-Help.xml
HelpUri: https://example.test/help/Get-CfWidget
Locale: en-US
Module Name: CloudflareCni
ms.date: 11/21/2026
PlatyPS schema version: 2024-05-01
title: Get-CfWidget
---

# Get-CfWidget

## SYNOPSIS

Gets widgets & their <status>.

## SYNTAX

### List (Default)

```
Get-CfWidget [[-Filter] <String>] [-Site <String>] [-Status <String>] [-AccountId <String>]
 [<CommonParameters>]
```

### Name

```
Get-CfWidget [-Name] <String[]> [-AccountId <String>] [<CommonParameters>]
```

### SinglePage

```
Get-CfWidget -SinglePage [-Site <String>] [-AccountId <String>] [<CommonParameters>]
```

## ALIASES

## DESCRIPTION

`Get-CfWidget` lists the widgets of an account,
or gets widgets by name.

With **-SinglePage** it returns one page.



A third paragraph after extra blank lines.

## EXAMPLES

### Example 1: List all widgets

```powershell
Get-CfWidget
```

Lists every widget.

### Example 2: Get widgets by name from the pipeline

'w1', 'w2' | Get-CfWidget

## PARAMETERS

### -AccountId

The account to use.

```yaml
Type: System.String
DefaultValue: ''
SupportsWildcards: false
ParameterValue: []
Aliases:
- Account
ParameterSets:
- Name: (All)
  Position: Named
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: true
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -Filter

A filter for widget names.

```yaml
Type: System.String
DefaultValue: None
SupportsWildcards: true
ParameterValue: []
Aliases: []
ParameterSets:
- Name: List
  Position: 0
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -Name

The names of the widgets.
Wildcards are not allowed.

Names are case-sensitive.

```yaml
Type: System.String[]
DefaultValue: ''
SupportsWildcards: false
ParameterValue: []
Aliases: [Icon, WidgetName]
ParameterSets:
- Name: Name
  Position: 0
  IsRequired: true
  ValueFromPipeline: true
  ValueFromPipelineByPropertyName: true
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -SinglePage

Returns a single page.

```yaml
Type: System.Management.Automation.SwitchParameter
DefaultValue: 'False'
SupportsWildcards: false
ParameterValue: []
Aliases: []
ParameterSets:
- Name: SinglePage
  Position: Named
  IsRequired: true
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -Site

Only widgets at this site.

```yaml
Type: System.String
DefaultValue: ''
SupportsWildcards: false
ParameterValue: []
Aliases: []
ParameterSets:
- Name: List
  Position: Named
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
- Name: SinglePage
  Position: Named
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -Status

Only widgets with this status.

```yaml
Type: System.String
DefaultValue: ''
SupportsWildcards: false
ParameterValue: []
Aliases: []
ParameterSets:
- Name: List
  Position: Named
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues:
- Active
- Pending
- Failed
HelpMessage: ''
```

### CommonParameters

This cmdlet supports the common parameters.

## INPUTS

### System.String[]

Names of widgets.

### None

## OUTPUTS

### CloudflareCni.Widget

A widget.

## NOTES

Widgets are cached
for 5 minutes.

## RELATED LINKS

[Get-CfContext](Get-CfContext.md)

- [Connect-CfAccount](Connect-CfAccount.md)
- [Cloudflare docs](https://developers.cloudflare.com/ "Docs")
""";

        /// <summary>A small doc whose MAML the golden test spells out in full.</summary>
        public const string Small = """
---
document type: cmdlet
external help file: CloudflareCni.dll-Help.xml
HelpUri:
Locale: en-US
Module Name: CloudflareCni
ms.date: 01/02/2026
PlatyPS schema version: 2024-05-01
title: Test-CfThing
---

# Test-CfThing

## SYNOPSIS

Tests a thing.

## SYNTAX

### __AllParameterSets

```
Test-CfThing [-Force] [<CommonParameters>]
```

## ALIASES

## DESCRIPTION

Tests the thing.

## EXAMPLES

### Example 1: Test it

```powershell
Test-CfThing -Force
```

It works.

## PARAMETERS

### -Force

Skips the check.

```yaml
Type: System.Management.Automation.SwitchParameter
DefaultValue: False
SupportsWildcards: false
ParameterValue: []
Aliases: []
ParameterSets:
- Name: (All)
  Position: Named
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### CommonParameters

This cmdlet supports the common parameters.

## INPUTS

### None

## OUTPUTS

### System.Boolean

True when the thing is fine.

## NOTES

## RELATED LINKS

""";
    }

    /// <summary>A unique temporary folder, deleted on dispose.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "helpgen-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string fileName, string content)
        {
            string full = System.IO.Path.Combine(Path, fileName);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            return full;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal static class Maml
    {
        public static readonly XNamespace Root = MamlWriter.RootNamespace;
        public static readonly XNamespace M = MamlWriter.MamlNamespace;
        public static readonly XNamespace C = MamlWriter.CommandNamespace;
        public static readonly XNamespace D = MamlWriter.DevNamespace;

        /// <summary>Parses MAML the way PowerShell does: platyPS writes &amp;#x08;, which XML 1.0 readers reject by default.</summary>
        public static XDocument Parse(string xml)
        {
            var settings = new XmlReaderSettings { CheckCharacters = false, DtdProcessing = DtdProcessing.Prohibit };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.None);
        }
    }
}
