# The package a user installs. tools/Publish-ModulePackage.ps1, the package step of `build.ps1 -Task Package`, publishes
# the built module folder to a local PSResourceGet repository; a user installs it by name and imports it by name.
# Every step runs in a child pwsh (the one running this suite: the repo's pinned tool) whose HOME and XDG folders are
# in $TestDrive, so the user's repositories, modules and settings stay as they were; the proxy variables point at a
# closed loopback port, so the steps would fail, not reach the network, if they tried.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    $PublishScript = Join-Path (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'tools') 'Publish-ModulePackage.ps1'
    $ModuleVersion = (Import-PowerShellDataFile -LiteralPath $CfModuleManifest)['ModuleVersion']

    function New-CfTestIsolatedHome {
        # A home of its own for child processes: HOME and the XDG folders, which PSResourceGet, NuGet and PowerShell
        # take their settings and user module path from. The folders must exist: .NET reports a missing one as ''.
        param([Parameter(Mandatory = $true)] [string] $Root)

        $folders = [ordered]@{
            HOME            = Join-Path $Root 'home'
            XDG_DATA_HOME   = Join-Path $Root 'home/.local/share'
            XDG_CONFIG_HOME = Join-Path $Root 'home/.config'
            XDG_CACHE_HOME  = Join-Path $Root 'home/.cache'
            Work            = Join-Path $Root 'work'
        }
        foreach ($folder in $folders.Values) {
            $null = New-Item -ItemType Directory -Force -Path $folder
        }

        $folders
    }

    function Invoke-CfTestIsolatedPwsh {
        # Runs a script block as a script file in a child pwsh with the isolated home, from its work folder, without
        # PSModulePath (the child builds its default from HOME) or any CLOUDFLARE_* variable. Returns the exit code,
        # stderr, and the object the script wrote last as JSON.
        param(
            [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $IsolatedHome,
            [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
            [string[]] $ArgumentList = @()
        )

        $scriptFile = Join-Path $IsolatedHome.Work ('child-{0}.ps1' -f [guid]::NewGuid().ToString('N'))
        Set-Content -LiteralPath $scriptFile -Value $ScriptBlock.ToString() -Encoding utf8
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
            # The pinned tool runs as `dotnet pwsh.dll`.
            $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }

        foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $scriptFile) + $ArgumentList) {
            $start.ArgumentList.Add($argument)
        }

        $start.WorkingDirectory = $IsolatedHome.Work
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        foreach ($name in @($start.Environment.Keys)) {
            if ($name -eq 'PSModulePath' -or $name -like 'CLOUDFLARE_*' -or $name -in @('NO_PROXY', 'no_proxy')) {
                $null = $start.Environment.Remove($name)
            }
        }

        foreach ($name in @('HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME')) {
            $start.Environment[$name] = $IsolatedHome[$name]
        }

        foreach ($name in @('HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'https_proxy', 'http_proxy', 'all_proxy')) {
            $start.Environment[$name] = 'http://127.0.0.1:9'
        }

        $start.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
        $start.Environment['POWERSHELL_UPDATECHECK'] = 'Off'

        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit(120000)) {
                $process.Kill($true)
                throw "The child pwsh running $scriptFile did not end within 120 s."
            }

            $process.WaitForExit()
            $lines = @($stdout.Result -split "`r?`n" | Where-Object { $_.Trim() })
            [pscustomobject]@{
                ExitCode = $process.ExitCode
                Error    = $stderr.Result.Trim()
                Output   = $stdout.Result
                Result   = if ($lines.Count -gt 0 -and $lines[-1].StartsWith('{')) { $lines[-1] | ConvertFrom-Json } else { $null }
            }
        }
        finally {
            $process.Dispose()
        }
    }

    function New-CfTestMarkedAssembly {
        # An assembly named CloudflareCni that carries the attributes a build writes: its configuration, and whether
        # the JIT optimizer is disabled (as the C# compiler marks a Debug build).
        param(
            [Parameter(Mandatory = $true)] [string] $Path,
            [Parameter(Mandatory = $true)] [string] $Configuration,
            [switch] $OptimizerDisabled
        )

        $assembly = [System.Reflection.Emit.PersistedAssemblyBuilder]::new([System.Reflection.AssemblyName]::new('CloudflareCni'), [object].Assembly)
        $assembly.SetCustomAttribute([System.Reflection.Emit.CustomAttributeBuilder]::new(
                [System.Reflection.AssemblyConfigurationAttribute].GetConstructor([type[]]@([string])), [object[]]@($Configuration)))
        $modes = [System.Diagnostics.DebuggableAttribute+DebuggingModes]::IgnoreSymbolStoreSequencePoints
        if ($OptimizerDisabled) {
            $modes = $modes -bor [System.Diagnostics.DebuggableAttribute+DebuggingModes]::Default -bor [System.Diagnostics.DebuggableAttribute+DebuggingModes]::DisableOptimizations
        }

        $assembly.SetCustomAttribute([System.Reflection.Emit.CustomAttributeBuilder]::new(
                [System.Diagnostics.DebuggableAttribute].GetConstructor([type[]]@([System.Diagnostics.DebuggableAttribute+DebuggingModes])), [object[]]@($modes)))
        $null = $assembly.DefineDynamicModule('CloudflareCni')
        $assembly.Save($Path)
    }
}

# On Windows the user's folders come from the shell, not from HOME and the XDG variables: the isolation would not hold.
Describe 'The package: published to a local repository, installed and imported by name' -Skip:$IsWindows {
    BeforeAll {
        $isolated = New-CfTestIsolatedHome -Root (Join-Path $TestDrive 'user')
        $output = Join-Path $TestDrive 'package'
        $published = Invoke-CfTestIsolatedPwsh -IsolatedHome $isolated -ArgumentList @('-PublishScript', $PublishScript, '-ModuleFolder', $CfModuleFolder, '-OutputFolder', $output) -ScriptBlock {
            param($PublishScript, $ModuleFolder, $OutputFolder)
            $ErrorActionPreference = 'Stop'
            $package = & $PublishScript -ModuleFolder $ModuleFolder -OutputFolder $OutputFolder
            # As a user would: register the folder as a repository, install from it by name.
            Register-PSResourceRepository -Name 'CfLocal' -Uri (Split-Path -Parent $package.FullName) -Trusted
            Install-PSResource -Name 'CloudflareCni' -Repository 'CfLocal' -Scope CurrentUser -Quiet
            $installed = @(Get-InstalledPSResource -Name 'CloudflareCni')
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
            try { $entries = @($zip.Entries | ForEach-Object { $_.FullName }) } finally { $zip.Dispose() }
            [pscustomobject]@{
                Package           = $package.FullName
                PackageEntries    = $entries
                InstalledVersions = @($installed | ForEach-Object { "$($_.Version)" })
                InstalledLocation = @($installed | ForEach-Object { $_.InstalledLocation })
                RepositoryStore   = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
            } | ConvertTo-Json -Compress
        }

        $imported = Invoke-CfTestIsolatedPwsh -IsolatedHome $isolated -ScriptBlock {
            $ErrorActionPreference = 'Stop'
            Import-Module -Name 'CloudflareCni'
            $module = Get-Module -Name 'CloudflareCni'
            $assembly = [CloudflareCni.CfContext].Assembly
            $null = Connect-CfAccount -Sandbox
            [pscustomobject]@{
                ModuleBase        = $module.ModuleBase
                Version           = "$($module.Version)"
                Cmdlets           = $module.ExportedCmdlets.Count
                ReleaseNotes      = $module.ReleaseNotes
                AssemblyPath      = $assembly.Location
                Configuration     = @($assembly.GetCustomAttributes([System.Reflection.AssemblyConfigurationAttribute], $false))[0].Configuration
                OptimizerDisabled = @($assembly.GetCustomAttributes([System.Diagnostics.DebuggableAttribute], $false))[0].IsJITOptimizerDisabled
                Licence           = Get-Content -LiteralPath (Join-Path $module.ModuleBase 'LICENSE') -Raw
                Notices           = Get-Content -LiteralPath (Join-Path $module.ModuleBase 'THIRD-PARTY-NOTICES') -Raw
                SlotCount         = @(Get-CfCniSlot).Count
            } | ConvertTo-Json -Compress
        }
    }

    It 'publishes the built folder as a .nupkg named after the module and its version, carrying the licence and notices' {
        $published.ExitCode | Should -Be 0 -Because $published.Error
        Split-Path -Leaf $published.Result.Package | Should -Be "CloudflareCni.$ModuleVersion.nupkg"
        $published.Result.PackageEntries | Should -Contain 'LICENSE'
        $published.Result.PackageEntries | Should -Contain 'THIRD-PARTY-NOTICES'
        $published.Result.PackageEntries | Should -Contain 'CloudflareCni.dll'
    }

    It "installs by name into the isolated user's module path, and keeps its settings there" {
        $published.Result.InstalledVersions | Should -Be @($ModuleVersion)
        $published.Result.InstalledLocation[0] | Should -BeLike "$($isolated.HOME)*"
        $published.Result.RepositoryStore | Should -BeLike "$($isolated.XDG_DATA_HOME)*"
        $published.Result.RepositoryStore | Should -Exist
        # Nothing fell back to the working folder, as PSResourceGet does when its settings folder is unknown.
        @(Get-ChildItem -LiteralPath $isolated.Work -Directory) | Should -BeNullOrEmpty
    }

    It 'imports by name in a fresh process, from the installed copy, with every cmdlet working' {
        $imported.ExitCode | Should -Be 0 -Because $imported.Error
        $imported.Result.ModuleBase | Should -Be (Join-Path $isolated.XDG_DATA_HOME "powershell/Modules/CloudflareCni/$ModuleVersion")
        $imported.Result.AssemblyPath | Should -Be (Join-Path $imported.Result.ModuleBase 'CloudflareCni.dll')
        $imported.Result.Version | Should -Be $ModuleVersion
        $imported.Result.Cmdlets | Should -Be @((Import-PowerShellDataFile -LiteralPath $CfModuleManifest).CmdletsToExport).Count
        $imported.Result.SlotCount | Should -BeGreaterThan 0
    }

    It 'is a Release build, with its licence, notices and release notes' {
        $imported.Result.Configuration | Should -Be 'Release'
        $imported.Result.OptimizerDisabled | Should -BeFalse
        $imported.Result.Licence | Should -BeLike 'MIT License*'
        $imported.Result.Notices | Should -BeLike '*System.Text.Json.dll*MIT*'
        $imported.Result.ReleaseNotes | Should -BeLike "## $ModuleVersion*"
    }
}

Describe 'The package step refuses what must not ship' -Skip:$IsWindows {
    BeforeAll {
        $isolated = New-CfTestIsolatedHome -Root (Join-Path $TestDrive 'user')
        $cases = [ordered]@{}
        foreach ($case in @('Debug', 'ReleaseUnoptimized', 'NoLicence')) {
            $folder = Join-Path (Join-Path $TestDrive $case) 'CloudflareCni'
            $null = New-Item -ItemType Directory -Force -Path $folder
            Copy-Item -Path (Join-Path $CfModuleFolder '*') -Destination $folder -Recurse
            $cases[$case] = $folder
        }

        New-CfTestMarkedAssembly -Path (Join-Path $cases.Debug 'CloudflareCni.dll') -Configuration 'Debug' -OptimizerDisabled
        New-CfTestMarkedAssembly -Path (Join-Path $cases.ReleaseUnoptimized 'CloudflareCni.dll') -Configuration 'Release' -OptimizerDisabled
        # A Release DLL, whatever the test command built: this folder lacks only its licence.
        New-CfTestMarkedAssembly -Path (Join-Path $cases.NoLicence 'CloudflareCni.dll') -Configuration 'Release'
        Remove-Item -LiteralPath (Join-Path $cases.NoLicence 'LICENSE')
        $outcome = Invoke-CfTestIsolatedPwsh -IsolatedHome $isolated -ArgumentList @('-PublishScript', $PublishScript, '-CasesJson', ($cases | ConvertTo-Json -Compress)) -ScriptBlock {
            param($PublishScript, $CasesJson)
            $results = [ordered]@{}
            foreach ($case in (ConvertFrom-Json $CasesJson).PSObject.Properties) {
                $output = Join-Path (Split-Path -Parent $case.Value) 'package'
                $message = $null
                try { $null = & $PublishScript -ModuleFolder $case.Value -OutputFolder $output } catch { $message = $_.Exception.Message }
                $results[$case.Name] = [pscustomobject]@{
                    Error   = $message
                    Written = @(Get-ChildItem -LiteralPath $output -Recurse -File -ErrorAction SilentlyContinue).Count
                }
            }

            [pscustomobject]$results | ConvertTo-Json -Compress -Depth 3
        }
    }

    It 'refuses a Debug DLL before writing anything, and says how to build a Release one' {
        $outcome.ExitCode | Should -Be 0 -Because $outcome.Error
        $outcome.Result.Debug.Error | Should -BeLike "*CloudflareCni.dll is not a Release build (AssemblyConfiguration 'Debug', JIT optimizer disabled)*build.ps1 -Task Package*"
        $outcome.Result.Debug.Written | Should -Be 0
    }

    It 'refuses a DLL marked Release whose JIT optimizer is disabled' {
        $outcome.Result.ReleaseUnoptimized.Error | Should -BeLike "*is not a Release build (AssemblyConfiguration 'Release', JIT optimizer disabled)*"
        $outcome.Result.ReleaseUnoptimized.Written | Should -Be 0
    }

    It 'refuses a folder without its LICENSE, even with a Release DLL' {
        $outcome.Result.NoLicence.Error | Should -BeLike '*has no LICENSE*'
        $outcome.Result.NoLicence.Written | Should -Be 0
    }
}
