<#
.SYNOPSIS
    A short tour of CloudflareCni against the offline sandbox: real cmdlets and their output, nothing real touched.
.DESCRIPTION
    Run from the repository:  dotnet tool restore; dotnet pwsh ./build.ps1 -Task Demo
    or, after `dotnet build`:  dotnet pwsh examples/sandbox-tour.ps1
#>
param([string] $ModulePath = (Join-Path (Join-Path (Join-Path $PSScriptRoot '..') 'out') 'CloudflareCni'))

$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $ModulePath

# Each command is printed as typed, then run at script scope (so that $icon and $cni carry over) and shown as the console would.
$tour = @(
    'Connect-CfAccount -Sandbox | Format-List AccountId, AuthKind, BaseUri'
    'Get-CfCniSlot -Site AMS01'
    '$icon = Get-CfCniSlot -Occupied:$false -Site FRA05 -First 1 | New-CfInterconnect; $icon'
    '$icon | Wait-CfInterconnect -PollInterval 0.2'
    '$cni = $icon | New-CfCni -ConduitName tunnel-fra -Mtu 1500 -CustomerAsn 65010 -ExtraPrefix 192.0.2.0/24; $cni'
    'Get-CfCni | Set-CfCni -Mtu 1476 -WhatIf'
    'Get-CfCniSetting'
    'Disconnect-CfAccount'
)
foreach ($command in $tour) {
    Write-Host ''
    Write-Host "PS> $command"
    Write-Host (Invoke-Expression $command | Out-String -Width 110).TrimEnd()
}
