# Facts about the module under test, and what its import, Connect-CfAccount and a first Get-CfCniSetting add to a
# fresh pwsh: assemblies loaded, methods JIT-compiled and JIT time (System.Runtime.JitInfo), wall time of each step.
param(
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [Parameter(Mandatory = $true)] [string] $BaseUri,
    [string] $AccountId = '00000000000000000000000000000000',
    [string] $Token = 'bench-token'
)

$ErrorActionPreference = 'Stop'

function Get-Snapshot {
    [pscustomobject]@{
        Assemblies = [System.AppDomain]::CurrentDomain.GetAssemblies()
        Jitted     = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        JitMs      = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
        Ticks      = [System.Diagnostics.Stopwatch]::GetTimestamp()
    }
}

function Get-Step($Name, $Before, $After) {
    $known = @{}
    foreach ($a in $Before.Assemblies) { $known[$a.FullName] = $true }
    $new = @(foreach ($a in $After.Assemblies) { if (-not $known.ContainsKey($a.FullName)) { $a.GetName().Name } })
    [ordered]@{
        Step       = $Name
        WallMs     = ($After.Ticks - $Before.Ticks) * 1000.0 / [System.Diagnostics.Stopwatch]::Frequency
        Assemblies = $new.Count
        AssemblyNames = @($new | Sort-Object)
        Jitted     = $After.Jitted - $Before.Jitted
        JitMs      = $After.JitMs - $Before.JitMs
    }
}

$secureToken = [System.Net.NetworkCredential]::new('', $Token).SecurePassword
# Twice before anything is measured, so that the snapshot's own first-use cost is not counted; the third pair
# ('nothing') shows what a snapshot costs by itself.
$s = Get-Snapshot; $s = Get-Snapshot
$s0 = Get-Snapshot
$s1 = Get-Snapshot
Import-Module -Name $ModuleManifest
$s2 = Get-Snapshot
$null = Connect-CfAccount -ApiToken $secureToken -BaseUri $BaseUri -AccountId $AccountId
$s3 = Get-Snapshot
$setting = Get-CfCniSetting
$s4 = Get-Snapshot

$module = Get-Module -Name CloudflareCni
$assembly = $module.ImplementingAssembly
if ($null -eq $assembly) { $assembly = [CloudflareCni.Cmdlets.ConnectCfAccountCommand].Assembly }
$debuggable = $assembly.GetCustomAttributes([System.Diagnostics.DebuggableAttribute], $false) | Select-Object -First 1
$status = Get-Command -Name Get-CfInterconnectStatus
$list = Get-Command -Name Get-CfInterconnect

$result = [ordered]@{
    PSVersion         = $PSVersionTable.PSVersion.ToString()
    Runtime           = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    ModuleVersion     = $module.Version.ToString()
    ModuleDll         = $assembly.Location
    ModuleDllSha256   = (Get-FileHash -LiteralPath $assembly.Location -Algorithm SHA256).Hash
    ModuleOptimized   = -not ($null -ne $debuggable -and $debuggable.IsJITOptimizerDisabled)
    SettingDefaultAsn = $setting.DefaultAsn
    StatusHasThrottleLimit = $status.Parameters.ContainsKey('ThrottleLimit')
    ListHasPageSize   = $list.Parameters.ContainsKey('PageSize')
    Steps             = @(
        (Get-Step 'nothing' $s0 $s1)
        (Get-Step 'Import-Module' $s1 $s2)
        (Get-Step 'Connect-CfAccount' $s2 $s3)
        (Get-Step 'first Get-CfCniSetting' $s3 $s4)
    )
}
[System.Console]::Out.WriteLine('BENCH-RESULT ' + (ConvertTo-Json -InputObject $result -Compress -Depth 6))
