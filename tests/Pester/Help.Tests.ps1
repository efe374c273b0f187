# The help that ships in en-US/, as a user meets it through Get-Help in a real host: the MAML made from docs/ by
# tools/CloudflareCni.HelpGen, and about_CloudflareCni. Facts about parameters are checked against the compiled
# cmdlets (Get-Command), and stated defaults against the docs they were written in.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $CmdletNames = @((Get-Module -Name CloudflareCni).ExportedCmdlets.Keys | Sort-Object)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $MamlFile = Join-Path (Join-Path $CfModuleFolder 'en-US') 'CloudflareCni.dll-Help.xml'
    $DocsFolder = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'docs'
    $CommonParameterNames = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)

    function Get-DocDefaultValue {
        # DefaultValue of each parameter in docs/<Name>.md, by parameter name: what the doc's writer stated.
        param([string] $Name)

        $defaults = @{}
        $parameter = $null
        foreach ($line in Get-Content -LiteralPath (Join-Path $DocsFolder "$Name.md")) {
            if ($line -match '^### -(\w+)\s*$') { $parameter = $Matches[1] }
            elseif ($line -match '^## ') { $parameter = $null }
            elseif ($parameter -and $line -match '^DefaultValue:\s*(.*)$') { $defaults[$parameter] = $Matches[1].Trim().Trim("'") }
        }

        $defaults
    }

    function Get-HelpText {
        # Get-Help -Full as the console shows it, without colour sequences.
        param([string] $Name)

        ConvertTo-CfTestText -InputObject (Get-Help -Name $Name -Full)
    }

    function Get-ExpectedPipelineInput {
        # The words Get-Help uses for how a parameter takes pipeline input, from the compiled parameter sets.
        param([System.Management.Automation.ParameterMetadata] $Parameter)

        $sets = @($Parameter.ParameterSets.Values)
        $byValue = @($sets | Where-Object { $_.ValueFromPipeline }).Count -gt 0
        $byName = @($sets | Where-Object { $_.ValueFromPipelineByPropertyName }).Count -gt 0
        if ($byValue -and $byName) { 'true (ByValue, ByPropertyName)' }
        elseif ($byValue) { 'true (ByValue)' }
        elseif ($byName) { 'true (ByPropertyName)' }
        else { 'false' }
    }
}

Describe 'Shipped help files' {
    It 'has MAML that a strict XmlReader (default settings, XML 1.0 character checks) reads to the end' {
        $settings = New-Object -TypeName System.Xml.XmlReaderSettings
        $settings.CheckCharacters | Should -BeTrue
        $reader = [System.Xml.XmlReader]::Create($MamlFile, $settings)
        try {
            $elements = 0
            while ($reader.Read()) {
                if ($reader.NodeType -eq [System.Xml.XmlNodeType]::Element) { $elements++ }
            }
        }
        finally {
            $reader.Dispose()
        }

        $elements | Should -BeGreaterThan 100
    }

    It 'documents exactly the exported cmdlets in the MAML' {
        $document = New-Object -TypeName System.Xml.XmlDocument
        $document.Load($MamlFile)
        $names = @($document.SelectNodes("//*[local-name()='command']/*[local-name()='details']/*[local-name()='name']") | ForEach-Object { $_.InnerText.Trim() })
        ($names | Sort-Object) -join ', ' | Should -Be ((@((Get-Module -Name CloudflareCni).ExportedCmdlets.Keys) | Sort-Object) -join ', ')
    }

    It 'has about_CloudflareCni, which Get-Help finds with its synopsis' {
        Join-Path (Join-Path $CfModuleFolder 'en-US') 'about_CloudflareCni.help.txt' | Should -Exist
        $topic = @(Get-Help -Name about_CloudflareCni -ErrorAction Stop)
        $topic | Should -HaveCount 1
        $topic[0].Category | Should -Be 'HelpFile'
        $topic[0].Synopsis | Should -Not -BeNullOrEmpty
        $topic[0].Synopsis | Should -Not -BeLike '*about_*'
    }

    It 'has an about_CloudflareCni that covers <_>' -ForEach @(
        'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_BASE_URL',
        'Connect-CfAccount -Sandbox', '-SinglePage', '-IncludeTotalCount', '-PageSize', '-MaximumRetryWaitSec', 'Retry-After',
        '-WhatIf', 'ConfirmImpact', 'CfApi.NotFound', 'CfAccount.NotConnected', 'CfWait.Timeout', 'extra properties',
        'HTTPS_PROXY', 'NO_PROXY', '-ProxyCredential',
        '-SandboxData', '-PendingStatusReads', 'Set-CfSandboxInterconnect', 'Add-CfSandboxFault', 'Get-CfSandboxRequest',
        'CfSandbox.NotSandbox', 'case-sensitively', 'Test-CniHealth.ps1', 'Test-CniHealth.Tests.ps1',
        '-Connection', '-PassThru', '-ListAvailable', 'CfAccount.ConnectionNotFound', '-SkipCredentialCheck',
        '-ThrottleLimit', 'wildcards', 'Tab', '-RemoveBgp', 'CfValidation.UnsupportedInput'
    ) {
        (Get-Help -Name about_CloudflareCni | Out-String) | Should -BeLike "*$_*"
    }
}

Describe '<_> help' -ForEach $CmdletNames {
    BeforeAll {
        $Name = $_
        $Help = Get-Help -Name $Name -Full
        $Command = Get-Command -Name $Name -Module CloudflareCni
        # A cmdlet without parameters has no parameter entries at all (Get-CfContext).
        $HelpParameters = @($Help.parameters.parameter | Where-Object { $null -ne $_ -and $_.name })
        $CompiledParameters = @($Command.Parameters.Values | Where-Object { $CommonParameterNames -notcontains $_.Name })
    }

    It 'comes from the MAML file, with a synopsis and a description' {
        # Without MAML, PowerShell makes the synopsis from the syntax, which starts with the command's name.
        "$($Help.Synopsis)".Trim() | Should -Not -BeNullOrEmpty
        "$($Help.Synopsis)".Trim() | Should -Not -BeLike "$Name *"
        ($Help.description | Out-String).Trim().Length | Should -BeGreaterThan 40
        $text = Get-HelpText -Name $Name
        $text | Should -Match '(?m)^SYNOPSIS\s*$'
        $text | Should -Match '(?m)^DESCRIPTION\s*$'
    }

    It 'shows no markdown: fences, emphasis or code marks' {
        $text = Get-HelpText -Name $Name
        $text | Should -Not -Match '```'
        $text | Should -Not -Match '\*\*'
        $text | Should -Not -Match '`[^`\s]+`'
    }

    It 'keeps each paragraph on one line, as Get-Help wraps it to the console' {
        foreach ($paragraph in @($Help.description) + @($HelpParameters | ForEach-Object { $_.description })) {
            "$($paragraph.Text)".Trim() | Should -Not -Match '\n'
        }
    }

    It 'has examples with code and without fences' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            "$($example.title)" | Should -Match 'Example \d+'
            "$($example.code)".Trim() | Should -Not -BeNullOrEmpty
            "$($example.code)" | Should -Not -Match '```'
            ($example.remarks | Out-String) | Should -Not -Match '```'
        }
    }

    It 'documents every parameter of the cmdlet, with a description' {
        $missing = @($CompiledParameters | Where-Object { @($HelpParameters.name) -notcontains $_.Name } | ForEach-Object { $_.Name })
        $missing | Should -BeNullOrEmpty -Because 'each parameter Get-Command reports needs help'
        foreach ($parameter in $HelpParameters) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'documents no parameter that the cmdlet lacks' {
        $extra = @($HelpParameters | Where-Object { $null -eq $Command.Parameters[$_.name] } | ForEach-Object { $_.name })
        $extra | Should -BeNullOrEmpty
    }

    It 'gives each parameter the type, position, pipeline input, aliases, required-ness and wildcard support of the cmdlet' {
        $problems = foreach ($compiled in $CompiledParameters) {
            $documented = $HelpParameters | Where-Object { $_.name -eq $compiled.Name } | Select-Object -First 1
            if ($null -eq $documented) { continue }
            $sets = @($compiled.ParameterSets.Values)

            $type = $compiled.ParameterType
            $typeNames = @($type.FullName)
            if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) { $typeNames += $type.GetGenericArguments()[0].FullName }
            if ($typeNames -notcontains "$($documented.type.name)") { "-$($compiled.Name): type '$($documented.type.name)', the cmdlet has '$($type.FullName)'" }

            $positions = @($sets | ForEach-Object { if ($_.Position -eq [int]::MinValue) { 'named' } else { "$($_.Position)" } } | Sort-Object -Unique)
            if ($positions -notcontains "$($documented.position)".ToLowerInvariant()) { "-$($compiled.Name): position '$($documented.position)', the cmdlet has $($positions -join ' or ')" }
            if ($positions.Count -eq 1 -and "$($documented.position)".ToLowerInvariant() -ne $positions[0]) { "-$($compiled.Name): position differs" }

            $required = @($sets | Where-Object { $_.IsMandatory }).Count -gt 0
            if ("$($documented.required)" -ne "$required".ToLowerInvariant()) { "-$($compiled.Name): required '$($documented.required)', the cmdlet says $required" }

            $pipeline = Get-ExpectedPipelineInput -Parameter $compiled
            if ("$($documented.pipelineInput)" -ne $pipeline) { "-$($compiled.Name): pipeline input '$($documented.pipelineInput)', the cmdlet takes '$pipeline'" }

            $aliases = if ($compiled.Aliases.Count -gt 0) { (@($compiled.Aliases) | Sort-Object) -join ', ' } else { 'none' }
            $documentedAliases = (@("$($documented.aliases)" -split ',\s*') | Sort-Object) -join ', '
            if ($documentedAliases -ne $aliases) { "-$($compiled.Name): aliases '$($documented.aliases)', the cmdlet has '$aliases'" }

            $wildcards = @($compiled.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            if ("$($documented.globbing)" -ne "$wildcards".ToLowerInvariant()) { "-$($compiled.Name): wildcards '$($documented.globbing)', the cmdlet says $wildcards" }
        }

        @($problems) | Should -BeNullOrEmpty
    }

    It 'lists the accepted values that the cmdlet enforces' {
        $problems = foreach ($compiled in $CompiledParameters) {
            $documented = $HelpParameters | Where-Object { $_.name -eq $compiled.Name } | Select-Object -First 1
            if ($null -eq $documented) { continue }
            $listed = @($documented.parameterValueGroup.parameterValue | ForEach-Object { "$_" } | Where-Object { $_ })
            $validateSet = $compiled.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
            $enumType = if ($null -ne [System.Nullable]::GetUnderlyingType($compiled.ParameterType)) { [System.Nullable]::GetUnderlyingType($compiled.ParameterType) } else { $compiled.ParameterType }
            if ($null -ne $validateSet) {
                if ((($listed | Sort-Object) -join ', ') -ne ((@($validateSet.ValidValues) | Sort-Object) -join ', ')) {
                    "-$($compiled.Name): accepted values '$($listed -join ', ')', the cmdlet accepts '$($validateSet.ValidValues -join ', ')'"
                }
            }
            elseif ($enumType.IsEnum) {
                # An enum (or a nullable one, where an empty CSV cell means no change) may hold values the cmdlet refuses
                # (Unknown); what is listed must at least be enum names.
                if ($listed.Count -eq 0) { "-$($compiled.Name): an enum parameter without accepted values" }
                foreach ($value in $listed) {
                    if ([System.Enum]::GetNames($enumType) -notcontains $value) { "-$($compiled.Name): '$value' is no $($enumType.Name)" }
                }
            }
            elseif ($listed.Count -gt 0) {
                "-$($compiled.Name): accepted values listed, but the cmdlet enforces none"
            }
        }

        @($problems) | Should -BeNullOrEmpty
    }

    It 'shows each default that the doc states' {
        $stated = Get-DocDefaultValue -Name $Name
        $problems = foreach ($parameterName in @($stated.Keys)) {
            $documented = $HelpParameters | Where-Object { $_.name -eq $parameterName } | Select-Object -First 1
            $expected = if ([string]::IsNullOrEmpty($stated[$parameterName])) { 'None' } else { $stated[$parameterName] }
            if ("$($documented.defaultValue)" -ne $expected) { "-${parameterName}: Get-Help shows '$($documented.defaultValue)', the doc states '$expected'" }
        }

        @($problems) | Should -BeNullOrEmpty
        if (@($stated.Values | Where-Object { $_ -notin @('None', 'False', '') }).Count -gt 0) {
            Get-HelpText -Name $Name | Should -Match 'Default value\s+[^N\s]'
        }
    }

    It 'gives Get-Help -Online an absolute web address, or says plainly there is none' {
        $uris = @($Help.relatedLinks.navigationLink | ForEach-Object { "$($_.uri)".Trim() } | Where-Object { $_ })
        foreach ($uri in $uris) {
            $parsed = $null
            [System.Uri]::TryCreate($uri, [System.UriKind]::Absolute, [ref]$parsed) | Should -BeTrue -Because "'$uri' must be absolute: Get-Help -Online fails on any other first link"
            $parsed.Scheme | Should -BeIn @('http', 'https')
        }

        if ($uris.Count -gt 0) {
            # The HelpUri property asks the help system the same question that Get-Help -Online does, without a browser.
            $Command.HelpUri | Should -Be $uris[0]
        }
        else {
            { Get-Help -Name $Name -Online -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Internet address (URI)*is not specified*'
        }
    }
}

Describe 'Online pages' {
    # Only the cmdlets that work on an API resource (they take -AccountId) have one.
    It '<_> has an online page' -ForEach @($CmdletNames | Where-Object { (Get-Command -Name $_ -Module CloudflareCni).Parameters['AccountId'] }) {
        (Get-Command -Name $_ -Module CloudflareCni).HelpUri | Should -Match '^https://'
    }
}

Describe 'Defaults that the issue named' {
    It 'shows <Parameter> of <Cmdlet> with its default <Value>' -ForEach @(
        @{ Cmdlet = 'Connect-CfAccount'; Parameter = 'TimeoutSec'; Value = '60' }
        @{ Cmdlet = 'Wait-CfInterconnect'; Parameter = 'PollInterval'; Value = '10' }
    ) {
        (Get-Help -Name $Cmdlet -Parameter $Parameter).defaultValue | Should -Be $Value
    }
}
