#Requires -Version 5.1
<#
.SYNOPSIS
    Packages a built CloudflareCni module folder: checks that it may ship, then publishes it to a local repository.

.DESCRIPTION
    The package step of `build.ps1 -Task Package`, which builds Release first; the package tests run it on the folder
    that the test command built. It refuses, before writing anything:
      - a CloudflareCni.dll that is not a Release build (its AssemblyConfiguration is not 'Release', or its JIT
        optimizer is disabled, as in a Debug build),
      - a folder without LICENSE or THIRD-PARTY-NOTICES.
    (The build itself refuses a folder that carries the compile-time stub System.Management.Automation.dll.)
    Then, with Microsoft.PowerShell.PSResourceGet, it publishes the module to a file repository in
    <OutputFolder>/repo (registered for the publish only, so the user's repositories stay as they were) and returns
    the .nupkg. Without PSResourceGet (Windows PowerShell 5.1 as shipped) it zips <OutputFolder>/CloudflareCni/<version>
    instead and returns the zip. Nothing is published to a gallery.

.PARAMETER ModuleFolder
    The built module folder, as `dotnet build` lays it out (out/CloudflareCni).

.PARAMETER OutputFolder
    Where the package goes (build.ps1 uses out/package).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleFolder,
    [Parameter(Mandatory = $true)] [string] $OutputFolder
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ModuleName = 'CloudflareCni'
$ShippedDocuments = @('LICENSE', 'THIRD-PARTY-NOTICES')

function Get-AssemblyBuildKind {
    # The configuration a DLL was built in and whether the JIT may optimize it. Read from a copy of its bytes: loading
    # the file itself would lock it on Windows, and load this CloudflareCni into the session.
    param([Parameter(Mandatory = $true)] [string] $Path)

    $assembly = [System.Reflection.Assembly]::Load([System.IO.File]::ReadAllBytes($Path))
    $attributes = @($assembly.GetCustomAttributesData())
    $configuration = @($attributes | Where-Object { $_.AttributeType.FullName -eq 'System.Reflection.AssemblyConfigurationAttribute' } |
            ForEach-Object { [string]$_.ConstructorArguments[0].Value }) | Select-Object -First 1
    $debuggable = @($attributes | Where-Object { $_.AttributeType.FullName -eq 'System.Diagnostics.DebuggableAttribute' }) | Select-Object -First 1
    $optimizerDisabled = $false
    if ($null -ne $debuggable) {
        $arguments = @($debuggable.ConstructorArguments)
        if ($arguments.Count -eq 2) {
            # DebuggableAttribute(bool isJITTrackingEnabled, bool isJITOptimizerDisabled)
            $optimizerDisabled = [bool]$arguments[1].Value
        }
        else {
            # DebuggableAttribute(DebuggingModes): DisableOptimizations is 0x100.
            $optimizerDisabled = ([int]$arguments[0].Value -band 0x100) -ne 0
        }
    }

    [pscustomobject]@{
        Configuration     = $configuration
        OptimizerDisabled = $optimizerDisabled
    }
}

function Assert-ShippableModuleFolder {
    param([Parameter(Mandatory = $true)] [string] $Folder)

    $manifest = Join-Path $Folder "$ModuleName.psd1"
    $dll = Join-Path $Folder "$ModuleName.dll"
    foreach ($file in @($manifest, $dll)) {
        if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
            throw "$file is missing: $Folder is not a built module folder. Run ./build.ps1 -Task Package, which builds it."
        }
    }

    $kind = Get-AssemblyBuildKind -Path $dll
    if ($kind.Configuration -ne 'Release' -or $kind.OptimizerDisabled) {
        $configuration = if ([string]::IsNullOrEmpty($kind.Configuration)) { 'none' } else { "'$($kind.Configuration)'" }
        $optimizer = if ($kind.OptimizerDisabled) { 'disabled' } else { 'enabled' }
        throw ("$dll is not a Release build (AssemblyConfiguration $configuration, JIT optimizer $optimizer): only Release builds are packaged. " +
            './build.ps1 -Task Package builds one; dotnet build and dotnet test without -c Release make Debug builds.')
    }

    foreach ($name in $ShippedDocuments) {
        if (-not (Test-Path -LiteralPath (Join-Path $Folder $name) -PathType Leaf)) {
            throw "$Folder has no ${name}: the package must carry the module's licence and third-party notices."
        }
    }

    [string](Import-PowerShellDataFile -LiteralPath $manifest)['ModuleVersion']
}

function Copy-ModuleFolder {
    # A fresh copy of the module folder's content in $Destination.
    param([string] $Source, [string] $Destination)

    if (Test-Path -LiteralPath $Destination) {
        Remove-Item -LiteralPath $Destination -Recurse -Force
    }

    $null = New-Item -ItemType Directory -Force -Path $Destination
    foreach ($item in @(Get-ChildItem -LiteralPath $Source)) {
        Copy-Item -LiteralPath $item.FullName -Destination $Destination -Recurse -Force
    }
}

$ModuleFolder = (Resolve-Path -LiteralPath $ModuleFolder).ProviderPath
$version = Assert-ShippableModuleFolder -Folder $ModuleFolder
$null = New-Item -ItemType Directory -Force -Path $OutputFolder
$OutputFolder = (Resolve-Path -LiteralPath $OutputFolder).ProviderPath

$resourceGet = Get-Module -Name 'Microsoft.PowerShell.PSResourceGet' -ListAvailable | Sort-Object -Property Version -Descending | Select-Object -First 1
if ($null -eq $resourceGet) {
    # The layout of a module path (CloudflareCni/<version>), so that the zip unpacks into one.
    $moduleRoot = Join-Path $OutputFolder $ModuleName
    Copy-ModuleFolder -Source $ModuleFolder -Destination (Join-Path $moduleRoot $version)
    $zip = Join-Path $OutputFolder ('{0}.{1}.zip' -f $ModuleName, $version)
    Write-Host 'Microsoft.PowerShell.PSResourceGet is not installed: zipping the module instead of publishing it to a local repository.'
    Compress-Archive -Path $moduleRoot -DestinationPath $zip -Force
    return Get-Item -LiteralPath $zip
}

Import-Module -Name $resourceGet.Path
$repositoryFolder = Join-Path $OutputFolder 'repo'
$null = New-Item -ItemType Directory -Force -Path $repositoryFolder
$nupkg = Join-Path $repositoryFolder ('{0}.{1}.nupkg' -f $ModuleName, $version)
if (Test-Path -LiteralPath $nupkg) {
    Remove-Item -LiteralPath $nupkg -Force
}

# Publish-PSResource looks for <folder name>.psd1, so it is given a copy in a folder named after the module.
$staging = Join-Path (Join-Path $OutputFolder 'staging') $ModuleName
Copy-ModuleFolder -Source $ModuleFolder -Destination $staging
$repositoryName = 'CloudflareCniBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $repositoryName -Uri $repositoryFolder -Trusted
try {
    Publish-PSResource -Path $staging -Repository $repositoryName
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName
    Remove-Item -LiteralPath (Split-Path -Parent $staging) -Recurse -Force -ErrorAction SilentlyContinue
}

if (-not (Test-Path -LiteralPath $nupkg)) {
    $found = @(Get-ChildItem -LiteralPath $repositoryFolder -Filter '*.nupkg' | ForEach-Object { $_.Name }) -join ', '
    throw "Publish-PSResource did not write $nupkg (found: $found)."
}

Get-Item -LiteralPath $nupkg
