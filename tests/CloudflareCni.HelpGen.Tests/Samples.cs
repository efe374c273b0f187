namespace CloudflareCni.HelpGen.Tests
{
    /// <summary>Docs written the way docs/*.md are (platyPS 1.x schema 2024-05-01), small enough to read in a test.</summary>
    internal static class Samples
    {
        public const string Widget = @"---
document type: cmdlet
external help file: CloudflareCni.dll-Help.xml
HelpUri: https://developers.cloudflare.com/api/resources/network_interconnects/subresources/cnis
Locale: en-US
Module Name: CloudflareCni
ms.date: 11/27/2026
PlatyPS schema version: 2024-05-01
title: Get-CfWidget
---

# Get-CfWidget

## SYNOPSIS

Gets widgets, **all** of them
or `some`.

## SYNTAX

### List (Default)

```
Get-CfWidget [-Color <String>] [-TimeoutSec <Int32>] [<CommonParameters>]
```

### Id

```
Get-CfWidget [-Id] <String[]> [<CommonParameters>]
```

## ALIASES

This cmdlet has no aliases.

## DESCRIPTION

`Get-CfWidget` lists widgets
with [the API](https://example.com/api) and [Get-CfThing](Get-CfThing.md).

Second paragraph.

## EXAMPLES

### Example 1: List red widgets

```powershell
Get-CfWidget -Color Red
```

```Output
Id  Color
--  -----
w-1 Red
```

Only red
widgets come back.

## PARAMETERS

### -Color

The color.

```yaml
Type: System.String
DefaultValue: None
SupportsWildcards: true
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
- Red
- Blue
HelpMessage: ''
```

### -Id

The widget IDs.

```yaml
Type: System.String[]
DefaultValue: None
SupportsWildcards: false
ParameterValue: []
Aliases:
- WidgetId
ParameterSets:
- Name: Id
  Position: 0
  IsRequired: true
  ValueFromPipeline: true
  ValueFromPipelineByPropertyName: true
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -TimeoutSec

Seconds to wait.

```yaml
Type: System.Int32
DefaultValue: 60
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
AcceptedValues: []
HelpMessage: ''
```

### CommonParameters

This cmdlet supports the common parameters.

## INPUTS

### System.String[]

You can pipe IDs.

## OUTPUTS

### CloudflareCni.Widget

A widget.

## NOTES

Errors: `CfApi.NotFound`.

## RELATED LINKS

- [Get-CfThing](Get-CfThing.md)
";

        public const string About = @"---
description: Widgets.
Locale: en-US
ms.date: 11/27/2026
schema: 2.0.0
title: about_CfWidgets
---
# about_CfWidgets

## Short description

How widgets work.

## Long description

Widgets are small. This sentence is long enough that the text has to be wrapped before the eightieth column of the console.

## Colors

- Red widgets are red, and this list item is long enough to wrap onto a second line as well.

```powershell
Get-CfWidget -Color Red
```

## See also

- [Get-CfWidget](Get-CfWidget.md)
";
    }
}
