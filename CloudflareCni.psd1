@{
    RootModule           = 'CloudflareCni.dll'
    ModuleVersion        = '0.2.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5d0c6a34-8f0e-4b8a-9c4e-2f1b7a6d3e91'
    Author               = 'CloudflareCni contributors'
    CompanyName          = 'CloudflareCni contributors'
    Copyright            = '(c) CloudflareCni contributors. All rights reserved.'
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
        'Wait-CfInterconnect'
        'Get-CfCni'
        'New-CfCni'
        'Set-CfCni'
        'Remove-CfCni'
        'Get-CfCniSlot'
        'Get-CfCniSetting'
        'Set-CfCniSetting'
        'Set-CfSandboxInterconnect'
        'Add-CfSandboxFault'
        'Get-CfSandboxFault'
        'Clear-CfSandboxFault'
        'Get-CfSandboxRequest'
        'Clear-CfSandboxRequest'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Cloudflare', 'CNI', 'NetworkInterconnect', 'Interconnect', 'MagicWAN', 'BGP', 'Network', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = '0.2.0: named connections (-Connection), concurrent piped lookups (-ThrottleLimit), wildcards and Tab completion, read-modify-write Set-CfCni that keeps concurrent changes, a sandbox that Pester tests can seed and shape. Breaking: flat object shapes, InterconnectStatus.State as text, credential check at connect. See CHANGELOG.md.'
        }
    }
}
