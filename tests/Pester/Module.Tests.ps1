# The module as a whole: manifest, exports, help, views and the files of the module folder.

BeforeDiscovery {
    # The names come from the module itself (its manifest's CmdletsToExport): ModuleContractTests checks that the
    # manifest, the DLL's cmdlets, docs/ and the README's table name the same ones.
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $CmdletNames = @((Get-Command -Module CloudflareCni -CommandType Cmdlet).Name | Sort-Object)
    # By verb, which is declared apart from SupportsShouldProcess, so that a changing cmdlet without -WhatIf fails.
    $ChangingCmdlets = @($CmdletNames | Where-Object { ($_ -split '-')[0] -in 'New', 'Set', 'Remove', 'Save', 'Add', 'Clear' })
    $RemoveCmdlets = @($CmdletNames | Where-Object { $_ -like 'Remove-*' })
    # The listing cmdlets are those with -SinglePage; -First, -Skip and -IncludeTotalCount come from SupportsPaging.
    $ListCmdlets = @($CmdletNames | Where-Object { (Get-Command -Name $_ -Module CloudflareCni).Parameters.ContainsKey('SinglePage') })
    # The module's types the cmdlets declare they write ([OutputType]).
    $OutputTypes = @(Get-Command -Module CloudflareCni | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Assembly -eq [CloudflareCni.CfContext].Assembly } | ForEach-Object FullName | Sort-Object -Unique)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Module' {
    It 'has a manifest that Test-ModuleManifest accepts' {
        $manifest = Test-ModuleManifest -Path $CfModuleManifest -ErrorAction Stop
        $manifest.Name | Should -Be 'CloudflareCni'
        $manifest.RootModule | Should -Be 'CloudflareCni.dll'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.CompatiblePSEditions | Should -Contain 'Desktop'
    }

    It 'has the same version in the manifest and in the assembly' {
        $manifest = Test-ModuleManifest -Path $CfModuleManifest -ErrorAction Stop
        $assemblyVersion = [CloudflareCni.CfContext].Assembly.GetName().Version
        $manifest.Version.ToString(3) | Should -Be $assemblyVersion.ToString(3)
    }

    It "carries CHANGELOG.md's section of its version as release notes, tags, and no address the project does not have yet" {
        $manifest = Test-ModuleManifest -Path $CfModuleManifest -ErrorAction Stop
        $version = $manifest.Version.ToString(3)
        $lines = @(Get-Content -LiteralPath (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'CHANGELOG.md') -Encoding UTF8)
        $headings = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].StartsWith('## ')) { $i } })
        $start = @($headings | Where-Object { $lines[$_] -match ('^## ' + [regex]::Escape($version) + '(\s|$)') })
        $start | Should -HaveCount 1 -Because "CHANGELOG.md needs one section for version $version"
        $end = @(@($headings | Where-Object { $_ -gt $start[0] }) + $lines.Count)[0]
        $section = ($lines[$start[0]..($end - 1)] -join "`n").Trim()

        ($manifest.ReleaseNotes -replace "`r`n", "`n") | Should -BeExactly $section
        $manifest.Tags | Should -Contain 'Cloudflare'
        $manifest.Tags | Should -Contain 'PSEdition_Desktop'
        $manifest.Tags | Should -Contain 'PSEdition_Core'
        $manifest.LicenseUri | Should -BeNullOrEmpty
        $manifest.ProjectUri | Should -BeNullOrEmpty
        $manifest.HelpInfoUri | Should -BeNullOrEmpty
        $manifest.IconUri | Should -BeNullOrEmpty
    }

    It 'exports its cmdlets only: no function, alias or variable' {
        $module = @(Get-Module -Name CloudflareCni)
        $module | Should -HaveCount 1
        @($module[0].ExportedCmdlets.Keys) | Should -Not -BeNullOrEmpty
        @($module[0].ExportedFunctions.Keys) | Should -BeNullOrEmpty
        @($module[0].ExportedAliases.Keys) | Should -BeNullOrEmpty
        @($module[0].ExportedVariables.Keys) | Should -BeNullOrEmpty
    }

    It 'has the MAML help file beside the assembly' {
        Join-Path (Join-Path $CfModuleFolder 'en-US') 'CloudflareCni.dll-Help.xml' | Should -Exist
    }

    It 'Get-Help shows a synopsis from the MAML help for <_>' -ForEach $CmdletNames {
        $name = $_
        $help = @(Get-Help -Name $name -ErrorAction Stop)
        $help | Should -HaveCount 1
        $synopsis = "$($help[0].Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without a MAML file PowerShell makes the synopsis from the syntax, which starts with the command's name.
        $synopsis | Should -Not -BeLike "$name*"
    }

    It 'does not ship System.Management.Automation.dll' {
        Join-Path $CfModuleFolder 'CloudflareCni.dll' | Should -Exist
        $stubs = @(Get-ChildItem -LiteralPath $CfModuleFolder -Recurse -File | Where-Object { $_.Name -eq 'System.Management.Automation.dll' })
        $stubs | Should -BeNullOrEmpty
    }

    It 'loads no Windows PowerShell networking assembly on import in PowerShell 7' {
        # ServicePointManager (System.Net.Requests) is set only on .NET Framework; PowerShell 7 must not pay for loading it.
        $job = Start-Job { Import-Module $using:CfModuleManifest; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name }
        $loaded = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force
        $loaded | Should -Contain 'CloudflareCni'
        $loaded | Should -Not -Contain 'System.Net.Requests'
    }

    It 'loads the types file, whose key properties run no script' {
        Join-Path $CfModuleFolder 'CloudflareCni.types.ps1xml' | Should -Exist
        (Get-TypeData -TypeName 'CloudflareCni.Cni').DefaultKeyPropertySet.ReferencedProperties | Should -Be 'Id'
        (Get-TypeData -TypeName 'CloudflareCni.Interconnect').DefaultKeyPropertySet.ReferencedProperties | Should -Be 'Name'
        @((Get-TypeData -TypeName 'CloudflareCni.*').Members.Values | Where-Object { $_ -is [System.Management.Automation.Runspaces.ScriptPropertyData] }) | Should -BeNullOrEmpty
    }

    It 'loads a default view for <_>, or for a base type of it' -ForEach $OutputTypes {
        $type = [type]$_
        $views = for ($current = $type; $null -ne $current -and $current -ne [object]; $current = $current.BaseType) { Get-FormatData -TypeName $current.FullName }
        @($views) | Should -Not -BeNullOrEmpty
    }

    It '<_> supports -WhatIf and -Confirm' -ForEach $ChangingCmdlets {
        $command = Get-Command -Name $_ -Module CloudflareCni
        $command | Should -HaveParameter WhatIf
        $command | Should -HaveParameter Confirm
    }

    It '<_> supports -First, -Skip and -IncludeTotalCount' -ForEach $ListCmdlets {
        $command = Get-Command -Name $_ -Module CloudflareCni
        $command | Should -HaveParameter First
        $command | Should -HaveParameter Skip
        $command | Should -HaveParameter IncludeTotalCount
    }

    It 'finds cmdlets to check in each list' -ForEach @(@{ Lists = @{ Listing = $ListCmdlets; Removing = $RemoveCmdlets; Changing = $ChangingCmdlets; 'output types of' = $OutputTypes } }) {
        # The lists are found by verb and parameter: were one empty, the tests over it would pass unseen.
        foreach ($list in $Lists.GetEnumerator()) { @($list.Value).Count | Should -BeGreaterThan 0 -Because "the $($list.Key) cmdlets are found by name and parameter" }
    }

    It '<_> has ConfirmImpact High and a -Force switch' -ForEach $RemoveCmdlets {
        $command = Get-Command -Name $_ -Module CloudflareCni
        $attribute = @($command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true))[0]
        "$($attribute.ConfirmImpact)" | Should -Be 'High'
        $command | Should -HaveParameter Force
    }
}
