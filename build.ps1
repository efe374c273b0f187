#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, checks the help of and packages the CloudflareCni module.

.DESCRIPTION
    Runs on PowerShell 7 and on Windows PowerShell 5.1. Tasks:

      Build    dotnet build CloudflareCni.sln. The build lays out the importable module folder out/CloudflareCni,
               with the MAML help that tools/CloudflareCni.HelpGen makes from docs/.
      Test     dotnet test CloudflareCni.sln (the xUnit tests).
      Pester   The Pester 5 suite in tests/Pester, against out/CloudflareCni, in a child PowerShell process (so that
               this session does not load, and lock, the module's DLL). Needs Pester 5.
      Help     Compares the MAML in out/CloudflareCni/en-US with what Microsoft.PowerShell.PlatyPS 1.x exports from
               docs/*.md (about_*.md excluded), whitespace collapsed. Skipped, with the reason, without PlatyPS.
      Package  Copies out/CloudflareCni to out/package/CloudflareCni/<version>. With PSResourceGet, publishes it to a
               local file repository in out/package/repo (registered for the publish only); without it, zips it.
               Nothing is published to a gallery.
      All      Build, Test, then Pester and Help where their modules are installed.

    Exits with 0 on success and 1 on any failure.

.PARAMETER Task
    One or more of Build, Test, Pester, Help, Package, All. Default: Build.

.PARAMETER Configuration
    Debug or Release. Default: Release.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Task All

.EXAMPLE
    ./build.ps1 -Task Build, Pester -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Help', 'Package', 'All')]
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

function Get-Pester5 {
    Get-Module -Name 'Pester' -ListAvailable |
        Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
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

# ---------------------------------------------------------------- Pester

function Invoke-PesterTask {
    Write-Step 'Pester'
    $pester = Get-Pester5
    if ($null -eq $pester) {
        throw ('Pester 5 is needed for the Pester task and is not installed (Windows PowerShell ships Pester 3.4, which cannot run these tests). ' +
            'Install it with: Install-Module -Name Pester -MinimumVersion 5.5 -Scope CurrentUser -Force -SkipPublisherCheck')
    }

    Assert-ModuleBuilt
    $resultFile = Join-Path (Join-Path $OutFolder 'TestResults') 'Pester.xml'
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $resultFile)
    Write-Host ('Pester {0} from {1}' -f $pester.Version, $pester.ModuleBase)
    Write-Host "Module under test: $ModuleManifest"

    # Runs in a child process: the tests load CloudflareCni.dll, which would otherwise stay loaded (and, on Windows,
    # locked against the next build) in this session. -NonInteractive makes any prompt an error instead of a wait.
    $runner = @'
$ErrorActionPreference = 'Stop'
Import-Module -Name __PESTER__ -Force
$env:CLOUDFLARECNI_MODULE_PATH = __MODULE__
if (Get-Command -Name 'New-PesterConfiguration' -ErrorAction SilentlyContinue) {
    $configuration = New-PesterConfiguration
}
else {
    $configuration = [PesterConfiguration]::Default
}
$configuration.Run.Path = @(__TESTS__)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = __RESULT__
$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result) {
    Write-Host 'Pester returned no result.' -ForegroundColor Red
    exit 1
}
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped, {3} not run; result {4}.' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.NotRunCount, $result.Result)
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0) {
    exit 1
}
exit 0
'@
    $runner = $runner.Replace('__PESTER__', (ConvertTo-SingleQuotedLiteral $pester.Path))
    $runner = $runner.Replace('__MODULE__', (ConvertTo-SingleQuotedLiteral $ModuleManifest))
    $runner = $runner.Replace('__TESTS__', (ConvertTo-SingleQuotedLiteral $PesterFolder))
    $runner = $runner.Replace('__RESULT__', (ConvertTo-SingleQuotedLiteral $resultFile))
    $encoded = [System.Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($runner))

    $arguments = @('-NoProfile', '-NonInteractive')
    if ($IsWindowsHost) {
        $arguments += @('-ExecutionPolicy', 'Bypass')
    }

    $arguments += @('-EncodedCommand', $encoded)
    $shell = Get-PowerShellExecutable
    Write-Host "> $shell -NoProfile -NonInteractive -EncodedCommand <Invoke-Pester tests/Pester>"
    & $shell @arguments | Out-Host
    $exitCode = $LASTEXITCODE
    if ($exitCode -ne 0) {
        throw "The Pester tests failed (exit code $exitCode). Results: $resultFile"
    }

    Write-Host "Pester results: $resultFile"
}

# ---------------------------------------------------------------- Help

function Add-CanonicalXmlLine {
    # One line per element and per non-empty text, indented by depth. Namespace prefixes, attribute order, comments
    # and whitespace (collapsed to single spaces) do not count.
    param(
        [System.Xml.XmlNode] $Node,
        [int] $Depth,
        [System.Collections.Generic.List[string]] $Lines
    )

    $prefixes = @{
        'http://schemas.microsoft.com/maml/2004/10'               = 'maml'
        'http://schemas.microsoft.com/maml/dev/command/2004/10'   = 'command'
        'http://schemas.microsoft.com/maml/dev/2004/10'           = 'dev'
        'http://schemas.microsoft.com/maml/dev/dscResource/2004/10' = 'dscResource'
        'http://msh'                                              = 'msh'
    }
    $indent = '  ' * $Depth
    if ($Node.NodeType -eq [System.Xml.XmlNodeType]::Element) {
        $namespace = if ($prefixes.ContainsKey($Node.NamespaceURI)) { $prefixes[$Node.NamespaceURI] } else { $Node.NamespaceURI }
        $attributes = @(
            foreach ($attribute in @($Node.Attributes)) {
                if ($attribute.Name -ne 'xmlns' -and $attribute.Prefix -ne 'xmlns') {
                    '{0}="{1}"' -f $attribute.LocalName, (($attribute.Value -replace '\s+', ' ').Trim())
                }
            }
        )
        $attributeText = ''
        if ($attributes.Count -gt 0) {
            $attributeText = ' ' + ((@($attributes) | Sort-Object) -join ' ')
        }

        $Lines.Add(('{0}<{1}:{2}{3}>' -f $indent, $namespace, $Node.LocalName, $attributeText))
        foreach ($child in @($Node.ChildNodes)) {
            Add-CanonicalXmlLine -Node $child -Depth ($Depth + 1) -Lines $Lines
        }
    }
    elseif ($Node.NodeType -eq [System.Xml.XmlNodeType]::Text -or $Node.NodeType -eq [System.Xml.XmlNodeType]::CDATA) {
        $text = ($Node.Value -replace '\s+', ' ').Trim()
        if ($text.Length -gt 0) {
            $Lines.Add($indent + $text)
        }
    }
}

function Get-MamlCommandText {
    # The canonical lines of each command:command element of a MAML file, by command name.
    param([string] $Path)

    $document = New-Object -TypeName System.Xml.XmlDocument
    $document.PreserveWhitespace = $false
    $document.Load($Path)
    $commands = [ordered]@{}
    $nodes = $document.SelectNodes("//*[local-name()='command' and namespace-uri()='http://schemas.microsoft.com/maml/dev/command/2004/10']")
    foreach ($command in @($nodes)) {
        $nameNode = $command.SelectSingleNode("*[local-name()='details']/*[local-name()='name']")
        $name = if ($null -ne $nameNode) { $nameNode.InnerText.Trim() } else { '(unnamed command {0})' -f ($commands.Count + 1) }
        $lines = New-Object -TypeName 'System.Collections.Generic.List[string]'
        Add-CanonicalXmlLine -Node $command -Depth 0 -Lines $lines
        $commands[$name] = $lines.ToArray()
    }

    $commands
}

function Compare-MamlFile {
    # Describes each difference between the commands of two MAML files: missing or extra commands, and the first
    # differing line of each command present in both.
    param([string] $Reference, [string] $Difference)

    $expected = Get-MamlCommandText -Path $Reference
    $actual = Get-MamlCommandText -Path $Difference
    foreach ($name in @($expected.Keys)) {
        if (-not $actual.Contains($name)) {
            '{0}: in the PlatyPS export, missing from the built MAML' -f $name
            continue
        }

        $left = @($expected[$name])
        $right = @($actual[$name])
        $count = [Math]::Max($left.Count, $right.Count)
        for ($i = 0; $i -lt $count; $i++) {
            $want = if ($i -lt $left.Count) { $left[$i].Trim() } else { '(end)' }
            $have = if ($i -lt $right.Count) { $right[$i].Trim() } else { '(end)' }
            if ($want -cne $have) {
                '{0}: first difference at canonical line {1}: PlatyPS has [{2}], the built MAML has [{3}]' -f $name, ($i + 1), $want, $have
                break
            }
        }
    }

    foreach ($name in @($actual.Keys)) {
        if (-not $expected.Contains($name)) {
            '{0}: in the built MAML, not in the PlatyPS export' -f $name
        }
    }
}

function Invoke-HelpTask {
    Write-Step 'Help'
    $platy = Get-PlatyPS1
    if ($null -eq $platy) {
        Write-Warning ('Help check skipped: Microsoft.PowerShell.PlatyPS 1.x is not installed, and it is the reference the built MAML is compared with. ' +
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
    $temporary = Join-Path ([System.IO.Path]::GetTempPath()) ('CloudflareCni-help-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $temporary
    try {
        $commandHelp = @(foreach ($page in $pages) { Import-MarkdownCommandHelp -Path $page.FullName })
        $null = Export-MamlCommandHelp -CommandHelp $commandHelp -OutputFolder $temporary -Force
        $exported = @(Get-ChildItem -LiteralPath $temporary -Recurse -File -Filter '*.xml')
        if ($exported.Count -ne 1) {
            throw ('Expected one MAML file from Export-MamlCommandHelp, found {0} in {1}.' -f $exported.Count, $temporary)
        }

        $differences = @(Compare-MamlFile -Reference $exported[0].FullName -Difference $MamlFile)
        if ($differences.Count -gt 0) {
            foreach ($difference in $differences) {
                Write-Host "  $difference" -ForegroundColor Yellow
            }

            throw ('The built MAML ({0}) differs from the PlatyPS export of docs/ for {1} command(s); see above.' -f $MamlFile, $differences.Count)
        }

        Write-Host ('The built MAML matches the PlatyPS export of docs/ ({0} command(s)).' -f $commandHelp.Count)
    }
    finally {
        Remove-Item -LiteralPath $temporary -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# ---------------------------------------------------------------- Package

function Invoke-PackageTask {
    Write-Step 'Package'
    Assert-ModuleBuilt
    $manifest = Import-PowerShellDataFile -LiteralPath $ModuleManifest
    $version = [string]$manifest['ModuleVersion']
    $moduleRoot = Join-Path $PackageFolder 'CloudflareCni'
    $versionFolder = Join-Path $moduleRoot $version
    if (Test-Path -LiteralPath $versionFolder) {
        Remove-Item -LiteralPath $versionFolder -Recurse -Force
    }

    $null = New-Item -ItemType Directory -Force -Path $versionFolder
    foreach ($item in @(Get-ChildItem -LiteralPath $ModuleFolder)) {
        Copy-Item -LiteralPath $item.FullName -Destination $versionFolder -Recurse -Force
    }

    if (@(Get-ChildItem -LiteralPath $versionFolder -Recurse -File | Where-Object { $_.Name -eq 'System.Management.Automation.dll' }).Count -gt 0) {
        throw 'The package would carry the compile-time stub System.Management.Automation.dll; it must never ship.'
    }

    Write-Host "Module copied to $versionFolder"

    $resourceGet = Get-Module -Name 'Microsoft.PowerShell.PSResourceGet' -ListAvailable | Sort-Object -Property Version -Descending | Select-Object -First 1
    if ($null -eq $resourceGet) {
        $zip = Join-Path $PackageFolder ('CloudflareCni.{0}.zip' -f $version)
        Write-Host 'Microsoft.PowerShell.PSResourceGet is not installed: zipping the module instead of publishing it to a local repository.'
        Compress-Archive -Path $moduleRoot -DestinationPath $zip -Force
        Write-Host "Package: $zip"
        return
    }

    Import-Module -Name $resourceGet.Path
    $repositoryFolder = Join-Path $PackageFolder 'repo'
    $null = New-Item -ItemType Directory -Force -Path $repositoryFolder
    $nupkg = Join-Path $repositoryFolder ('CloudflareCni.{0}.nupkg' -f $version)
    if (Test-Path -LiteralPath $nupkg) {
        Remove-Item -LiteralPath $nupkg -Force
    }

    # Publish-PSResource looks for <folder name>.psd1, so it is given a copy in a folder named after the module.
    $staging = Join-Path (Join-Path $PackageFolder 'staging') 'CloudflareCni'
    if (Test-Path -LiteralPath $staging) {
        Remove-Item -LiteralPath $staging -Recurse -Force
    }

    $null = New-Item -ItemType Directory -Force -Path $staging
    foreach ($item in @(Get-ChildItem -LiteralPath $versionFolder)) {
        Copy-Item -LiteralPath $item.FullName -Destination $staging -Recurse -Force
    }

    # A repository of this build's own, registered for the publish only: the user's repositories are left as they were.
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

    Write-Host "Package: $nupkg (local repository $repositoryFolder)"
}

# ---------------------------------------------------------------- Main

try {
    foreach ($name in $Task) {
        switch ($name) {
            'Build' { Invoke-BuildTask }
            'Test' { Invoke-TestTask }
            'Pester' { Invoke-PesterTask }
            'Help' { Invoke-HelpTask }
            'Package' { Invoke-PackageTask }
            'All' {
                Invoke-BuildTask
                Invoke-TestTask
                if ($null -ne (Get-Pester5)) {
                    Invoke-PesterTask
                }
                else {
                    Write-Warning 'Pester skipped: Pester 5 is not installed (Install-Module -Name Pester -MinimumVersion 5.5 -Scope CurrentUser -Force -SkipPublisherCheck).'
                }

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
