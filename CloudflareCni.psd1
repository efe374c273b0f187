@{
    RootModule           = 'CloudflareCni.dll'
    ModuleVersion        = '0.3.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5d0c6a34-8f0e-4b8a-9c4e-2f1b7a6d3e91'
    Author               = 'CloudflareCni contributors'
    CompanyName          = 'CloudflareCni contributors'
    Copyright            = '(c) 2026 CloudflareCni contributors. Licensed under the MIT License: see LICENSE in the module folder.'
    Description          = 'Manage Cloudflare Network Interconnects (CNI) from PowerShell: interconnects, CNIs, slots, account settings, link status and Letters of Authorization. Streams paged listings, retries safely, supports -WhatIf and -Confirm, and has an offline sandbox (Connect-CfAccount -Sandbox).'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('CloudflareCni.format.ps1xml')
    TypesToProcess       = @('CloudflareCni.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-CfAccount'
        'Disconnect-CfAccount'
        'Get-CfContext'
        'Get-CfInterconnect'
        'New-CfInterconnect'
        'Remove-CfInterconnect'
        'Get-CfInterconnectStatus'
        'Save-CfInterconnectLoa'
        'Get-CfInterconnectLoaName'
        'Wait-CfInterconnect'
        'Get-CfCni'
        'New-CfCni'
        'Set-CfCni'
        'Remove-CfCni'
        'Get-CfCniTunnel'
        'Set-CfCniTunnel'
        'Get-CfCniSlot'
        'Get-CfCniSetting'
        'Set-CfCniSetting'
        'Set-CfSandboxInterconnect'
        'Add-CfSandboxFault'
        'Get-CfSandboxFault'
        'Clear-CfSandboxFault'
        'Get-CfSandboxRequest'
        'Clear-CfSandboxRequest'
        'Get-CfSandboxRateLimit'
        'Set-CfSandboxRateLimit'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Cloudflare', 'CNI', 'NetworkInterconnect', 'Interconnect', 'MagicWAN', 'BGP', 'Network', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No LicenseUri, ProjectUri or IconUri, and no HelpInfoUri above: the project has no public home yet, and
            # an address that does not exist helps no one. LICENSE and THIRD-PARTY-NOTICES ship in the module folder.
            # Empty here on purpose: the build writes CHANGELOG.md's section of ModuleVersion into the shipped manifest.
            ReleaseNotes = ''
        }
    }
}
