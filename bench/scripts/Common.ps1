# Shared by the bench scripts (dot-sourced). Each script prints one line 'BENCH-RESULT <json>' for the driver.

$ErrorActionPreference = 'Stop'
# Measure-Object, Invoke-RestMethod and ConvertTo-Json live here: loaded before any timing, so that no variant pays
# for PowerShell's module auto-loading inside its timed part.
Import-Module Microsoft.PowerShell.Utility

function Get-BenchSecureToken([string] $Token) {
    # No ConvertTo-SecureString: that would auto-load Microsoft.PowerShell.Security.
    [System.Net.NetworkCredential]::new('', $Token).SecurePassword
}

function Connect-BenchModule([string] $ModuleManifest, [string] $BaseUri, [string] $AccountId, [string] $Token) {
    Import-Module -Name $ModuleManifest
    $null = Connect-CfAccount -ApiToken (Get-BenchSecureToken $Token) -BaseUri $BaseUri -AccountId $AccountId
}

function Get-BenchMemory {
    # Peak (VmHWM) and current (VmRSS) resident set of this process, in bytes, as the kernel counts them.
    $result = @{ PeakRss = 0L; Rss = 0L }
    foreach ($line in [System.IO.File]::ReadAllLines('/proc/self/status')) {
        if ($line.StartsWith('VmHWM:')) { $result.PeakRss = 1024L * [long]($line.Substring(6).Trim() -replace '\s*kB$', '') }
        elseif ($line.StartsWith('VmRSS:')) { $result.Rss = 1024L * [long]($line.Substring(6).Trim() -replace '\s*kB$', '') }
    }
    $result
}

function Get-BenchCounters {
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    @{
        CpuMs     = $process.TotalProcessorTime.TotalMilliseconds
        Allocated = [System.GC]::GetTotalAllocatedBytes($false)
        Gen0      = [System.GC]::CollectionCount(0)
        Gen1      = [System.GC]::CollectionCount(1)
        Gen2      = [System.GC]::CollectionCount(2)
        Jitted    = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    }
}

function Measure-BenchBlock([scriptblock] $Timed) {
    # Runs $Timed once; returns its output count with the wall time, CPU time, allocation and collections it took.
    $before = Get-BenchCounters
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $count = & $Timed
    $watch.Stop()
    $after = Get-BenchCounters
    $memory = Get-BenchMemory
    [ordered]@{
        Count          = $count
        ElapsedMs      = $watch.Elapsed.TotalMilliseconds
        CpuMs          = $after.CpuMs - $before.CpuMs
        AllocatedBytes = $after.Allocated - $before.Allocated
        Gen0           = $after.Gen0 - $before.Gen0
        Gen1           = $after.Gen1 - $before.Gen1
        Gen2           = $after.Gen2 - $before.Gen2
        Jitted         = $after.Jitted - $before.Jitted
        PeakRss        = $memory.PeakRss
        Rss            = $memory.Rss
    }
}

function Write-BenchResult($Result) {
    [System.Console]::Out.WriteLine('BENCH-RESULT ' + (ConvertTo-Json -InputObject $Result -Compress -Depth 6))
}
