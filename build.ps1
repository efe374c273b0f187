#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, checks the help of and packages the CloudflareCni module.

.DESCRIPTION
    Runs on PowerShell 7 and on Windows PowerShell 5.1. Tasks:

      Build    dotnet build CloudflareCni.sln. The build lays out the importable module folder out/CloudflareCni,
               with the MAML help that tools/CloudflareCni.HelpGen makes from docs/.
      Test     dotnet test CloudflareCni.sln: every suite, the xUnit projects and the Pester suite.
      Pester   Only the Pester suite (tests/Pester and the worked example's examples/*.Tests.ps1), against
               out/CloudflareCni, in the repo's pwsh with Pester 5.9.1
               from NuGet (dotnet test tests/Pester/CloudflareCni.PesterSuite.csproj).
      Demo     Build, then a tour of the offline sandbox (examples/sandbox-tour.ps1) in a child pwsh.
      Help     With Microsoft.PowerShell.PlatyPS 1.x: Test-MarkdownCommandHelp on docs/*.md (about_*.md excluded), and
               the facts Import-MarkdownCommandHelp reads (parameters, defaults, examples, HelpUri) compared with the
               MAML in out/CloudflareCni/en-US. Skipped, with the reason, without PlatyPS.
      Package  Builds Release, then tools/Publish-ModulePackage.ps1: refuses a DLL that is not a Release build or a
               folder without LICENSE and THIRD-PARTY-NOTICES, and with PSResourceGet publishes out/CloudflareCni to a
               local file repository in out/package/repo (registered for the publish only); without it, zips it.
               Nothing is published to a gallery.
      All      Build, Test, then Help where PlatyPS is installed.

    Exits with 0 on success and 1 on any failure.

.PARAMETER Task
    One or more of Build, Test, Pester, Demo, Help, Package, All. Default: Build.

.PARAMETER Configuration
    Debug or Release. Default: Release.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Task All

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Demo', 'Help', 'Package', 'All')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$Solution = Join-Path $RepoRoot 'CloudflareCni.sln'
$OutFolder = Join-Path $RepoRoot 'out'
$ModuleFolder = Join-Path $OutFolder 'CloudflareCni'
$ModuleManifest = Join-Path $ModuleFolder 'CloudflareCni.psd1'
$MamlFile = Join-Path (Join-Path $ModuleFolder 'en-US') 'CloudflareCni.dll-Help.xml'
$PesterFolder = Join-Path (Join-Path $RepoRoot 'tests') 'Pester'
$DocsFolder = Join-Path $RepoRoot 'docs'
$PackageFolder = Join-Path $OutFolder 'package'
$IsWindowsHost = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT

function Write-Step {
    param([string] $Message)
    Write-Host ''
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function ConvertTo-SingleQuotedLiteral {
    param([string] $Text)
    "'" + $Text.Replace("'", "''") + "'"
}

function Invoke-NativeCommand {
    # Runs a program and fails on a non-zero exit code (PowerShell does not, for native commands).
    param(
        [Parameter(Mandatory = $true)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )

    Write-Host ('> {0} {1}' -f $FilePath, ($ArgumentList -join ' '))
    & $FilePath @ArgumentList | Out-Host
    $exitCode = $LASTEXITCODE
    if ($exitCode -ne 0) {
        throw ('{0} {1} failed with exit code {2}.' -f $FilePath, ($ArgumentList -join ' '), $exitCode)
    }
}

function Assert-DotNet {
    if ($null -eq (Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the SDK version that global.json names.'
    }
}

function Assert-ModuleBuilt {
    if (-not (Test-Path -LiteralPath $ModuleManifest -PathType Leaf)) {
        throw "The module is not built: $ModuleManifest is missing. Run ./build.ps1 -Task Build first."
    }
}

function Get-PlatyPS1 {
    Get-Module -Name 'Microsoft.PowerShell.PlatyPS' -ListAvailable |
        Where-Object { $_.Version.Major -ge 1 } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
}

function Get-PowerShellExecutable {
    # The executable of this session (pwsh or powershell), so that the child runs the same edition.
    $path = (Get-Process -Id $PID).Path
    if (-not [string]::IsNullOrEmpty($path)) {
        $name = [System.IO.Path]::GetFileNameWithoutExtension($path)
        if ($name -eq 'pwsh' -or $name -eq 'powershell') {
            return $path
        }
    }

    if ($PSVersionTable.PSEdition -eq 'Core') { 'pwsh' } else { 'powershell' }
}

# ---------------------------------------------------------------- Build and Test

function Invoke-BuildTask {
    Write-Step "Build ($Configuration)"
    Assert-DotNet
    Invoke-NativeCommand -FilePath 'dotnet' -ArgumentList @('build', $Solution, '--configuration', $Configuration, '--nologo')

    Assert-ModuleBuilt
    if (-not (Test-Path -LiteralPath $MamlFile -PathType Leaf)) {
        throw "The build laid out no MAML help: $MamlFile is missing."
    }

    $stub = @(Get-ChildItem -LiteralPath $ModuleFolder -Recurse -File | Where-Object { $_.Name -eq 'System.Management.Automation.dll' })
    if ($stub.Count -gt 0) {
        throw "The module folder carries the compile-time stub System.Management.Automation.dll ($($stub[0].FullName)); it must never ship."
    }

    Write-Host "Module folder: $ModuleFolder"
}

function Invoke-TestTask {
    Write-Step "Test ($Configuration)"
    Assert-DotNet
    Invoke-NativeCommand -FilePath 'dotnet' -ArgumentList @('test', $Solution, '--configuration', $Configuration, '--nologo')
}

# ---------------------------------------------------------------- Pester and Demo

function Invoke-PesterTask {
    # The same run as in `dotnet test`: Pester 5.9.1 restored from NuGet, in the repo's own pwsh (a child process, so
    # that this session does not load, and lock, the module's DLL).
    Write-Step 'Pester'
    Assert-DotNet
    Invoke-NativeCommand -FilePath 'dotnet' -ArgumentList @('test', (Join-Path $PesterFolder 'CloudflareCni.PesterSuite.csproj'), '--configuration', $Configuration, '--nologo')
}

function Invoke-DemoTask {
    # A short tour of the offline sandbox with the built module, in a child pwsh: real cmdlets and their output.
    Write-Step 'Demo'
    Assert-ModuleBuilt
    $tour = Join-Path (Join-Path $RepoRoot 'examples') 'sandbox-tour.ps1'
    Invoke-NativeCommand -FilePath (Get-PowerShellExecutable) -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $tour, '-ModulePath', $ModuleManifest)
}

function Get-MamlCommand {
    # The command:command elements of a MAML file, by command name.
    param([string] $Path)

    $document = New-Object -TypeName System.Xml.XmlDocument
    $document.Load($Path)
    $namespaces = New-Object -TypeName System.Xml.XmlNamespaceManager -ArgumentList $document.NameTable
    $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $namespaces.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $namespaces.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    $commands = @{}
    foreach ($command in @($document.SelectNodes('//command:command', $namespaces))) {
        $commands[$command.SelectSingleNode('command:details/command:name', $namespaces).InnerText.Trim()] = $command
    }

    @{ Commands = $commands; Namespaces = $namespaces }
}

function Compare-PlatyPSCommandHelp {
    # Describes each fact that PlatyPS reads from a doc differently from the built MAML: parameters (type, default,
    # aliases, accepted values, wildcards, required-ness, pipeline input), the number of examples and the online
    # address. Text is not compared: the MAML holds it as plain reflowed text, PlatyPS keeps the markdown.
    param($CommandHelp, $Maml)

    $name = $CommandHelp.Title
    $command = $Maml.Commands[$name]
    if ($null -eq $command) {
        return "${name}: in docs/, missing from the built MAML"
    }

    $ns = $Maml.Namespaces
    foreach ($parameter in @($CommandHelp.Parameters)) {
        $node = $command.SelectSingleNode("command:parameters/command:parameter[maml:name='$($parameter.Name)']", $ns)
        if ($null -eq $node) {
            "${name}: -$($parameter.Name) is missing from the built MAML"
            continue
        }

        $sets = @($parameter.ParameterSets)
        $byValue = @($sets | Where-Object { $_.ValueFromPipeline }).Count -gt 0
        $byName = @($sets | Where-Object { $_.ValueFromPipelineByPropertyName }).Count -gt 0
        $pipeline = if ($byValue -and $byName) { 'true (ByValue, ByPropertyName)' } elseif ($byValue) { 'true (ByValue)' } elseif ($byName) { 'true (ByPropertyName)' } else { 'false' }
        $aliases = if ([string]::IsNullOrEmpty($parameter.Aliases)) { 'none' } else { (($parameter.Aliases -split ',') | ForEach-Object { $_.Trim() }) -join ', ' }
        $default = if ([string]::IsNullOrEmpty($parameter.DefaultValue)) { 'None' } else { $parameter.DefaultValue }
        $expected = [ordered]@{
            type          = $parameter.Type
            default       = $default
            aliases       = $aliases
            accepted      = @($parameter.AcceptedValues) -join ', '
            globbing      = "$($parameter.SupportsWildcards)".ToLowerInvariant()
            required      = "$(@($sets | Where-Object { $_.IsRequired }).Count -gt 0)".ToLowerInvariant()
            pipelineInput = $pipeline
        }
        $actual = [ordered]@{
            type          = $node.SelectSingleNode('dev:type/maml:name', $ns).InnerText
            default       = $node.SelectSingleNode('dev:defaultValue', $ns).InnerText
            aliases       = $node.GetAttribute('aliases')
            accepted      = @($node.SelectNodes('command:parameterValueGroup/command:parameterValue', $ns) | ForEach-Object { $_.InnerText }) -join ', '
            globbing      = $node.GetAttribute('globbing')
            required      = $node.GetAttribute('required')
            pipelineInput = $node.GetAttribute('pipelineInput')
        }
        foreach ($key in @($expected.Keys)) {
            if ("$($expected[$key])" -cne "$($actual[$key])") {
                '{0}: -{1} {2}: PlatyPS reads [{3}], the built MAML has [{4}]' -f $name, $parameter.Name, $key, $expected[$key], $actual[$key]
            }
        }
    }

    $examples = @($command.SelectNodes('command:examples/command:example', $ns)).Count
    if ($examples -ne @($CommandHelp.Examples).Count) {
        '{0}: PlatyPS reads {1} example(s), the built MAML has {2}' -f $name, @($CommandHelp.Examples).Count, $examples
    }

    $helpUri = "$($CommandHelp.Metadata['HelpUri'])"
    $firstUri = @($command.SelectNodes('command:relatedLinks/maml:navigationLink/maml:uri', $ns) | ForEach-Object { $_.InnerText } | Where-Object { $_ }) | Select-Object -First 1
    if ("$helpUri" -ne "$firstUri") {
        '{0}: PlatyPS reads HelpUri [{1}], the built MAML opens [{2}] for Get-Help -Online' -f $name, $helpUri, $firstUri
    }
}

function Invoke-HelpTask {
    Write-Step 'Help'
    $platy = Get-PlatyPS1
    if ($null -eq $platy) {
        Write-Warning ('Help check skipped: Microsoft.PowerShell.PlatyPS 1.x is not installed; it checks that docs/ stays valid PlatyPS markdown. ' +
            'Install it with: Install-PSResource -Name Microsoft.PowerShell.PlatyPS')
        return
    }

    Assert-ModuleBuilt
    if (-not (Test-Path -LiteralPath $MamlFile -PathType Leaf)) {
        throw "The built module has no MAML help: $MamlFile is missing."
    }

    $pages = @(Get-ChildItem -LiteralPath $DocsFolder -Filter '*.md' -File | Where-Object { $_.Name -notlike 'about_*' })
    if ($pages.Count -eq 0) {
        throw "There is no command help (*.md other than about_*.md) in $DocsFolder."
    }

    Import-Module -Name $platy.Path -Force
    Write-Host ('PlatyPS {0}: {1} help page(s) from {2}' -f $platy.Version, $pages.Count, $DocsFolder)
    # The built MAML is not PlatyPS's export: it holds plain text, example code without fences and the defaults,
    # which Export-MamlCommandHelp does not. So PlatyPS checks the markdown, and the facts it reads are compared.
    $problems = @(foreach ($page in $pages) {
            if (-not (Test-MarkdownCommandHelp -Path $page.FullName)) {
                '{0}: Test-MarkdownCommandHelp finds it invalid (run it with -DetailView)' -f $page.Name
            }
        })
    $maml = Get-MamlCommand -Path $MamlFile
    $commandHelp = @(foreach ($page in $pages) { Import-MarkdownCommandHelp -Path $page.FullName })
    $problems += @(foreach ($help in $commandHelp) { Compare-PlatyPSCommandHelp -CommandHelp $help -Maml $maml })
    if ($problems.Count -gt 0) {
        foreach ($problem in $problems) {
            Write-Host "  $problem" -ForegroundColor Yellow
        }

        throw ('docs/ and the built MAML ({0}) disagree with PlatyPS in {1} place(s); see above.' -f $MamlFile, $problems.Count)
    }

    Write-Host ('PlatyPS accepts docs/ and reads the same parameters, examples and online addresses as the built MAML ({0} command(s)).' -f $commandHelp.Count)
}

# ---------------------------------------------------------------- Package

function Invoke-PackageTask {
    # Builds Release (see Main) right before packaging; the package step checks the DLL as well.
    Invoke-BuildTask
    Write-Step 'Package'
    $package = & (Join-Path (Join-Path $RepoRoot 'tools') 'Publish-ModulePackage.ps1') -ModuleFolder $ModuleFolder -OutputFolder $PackageFolder
    Write-Host "Package: $($package.FullName)"
}

# ---------------------------------------------------------------- Main

try {
    if ($Task -contains 'Package' -and $Configuration -ne 'Release') {
        throw "-Task Package builds and ships Release only; it cannot be combined with -Configuration $Configuration."
    }

    foreach ($name in $Task) {
        switch ($name) {
            'Build' { Invoke-BuildTask }
            'Test' { Invoke-TestTask }
            'Pester' { Invoke-PesterTask }
            'Demo' {
                Invoke-BuildTask
                Invoke-DemoTask
            }
            'Help' { Invoke-HelpTask }
            'Package' { Invoke-PackageTask }
            'All' {
                Invoke-BuildTask
                Invoke-TestTask
                Invoke-HelpTask
            }
        }
    }
}
catch {
    Write-Host ''
    Write-Host ('build.ps1 failed: {0}' -f $_.Exception.Message) -ForegroundColor Red
    if ($_.ScriptStackTrace) {
        Write-Host $_.ScriptStackTrace -ForegroundColor DarkGray
    }

    exit 1
}

Write-Host ''
Write-Host ('build.ps1: {0} done.' -f ($Task -join ', ')) -ForegroundColor Green
exit 0
