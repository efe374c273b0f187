# One listing into Measure-Object, in this (fresh) process: the module, an Invoke-RestMethod cursor loop, or the raw
# HttpClient + System.Text.Json cmdlet; the -where variants filter each item on a property first (Where-Object Site),
# which every item passes. Only the pipeline is timed; importing and connecting come before it.
param(
    [Parameter(Mandatory = $true)] [ValidateSet('module', 'module-default', 'module-where', 'irm', 'raw', 'raw-where')] [string] $Variant,
    [Parameter(Mandatory = $true)] [string] $BaseUri,
    [Parameter(Mandatory = $true)] [string] $AccountId,
    [string] $ModuleManifest,
    [string] $RawModule,
    [int] $PageSize = 100,
    [string] $Token = 'bench-token'
)

. (Join-Path $PSScriptRoot 'Common.ps1')

switch -Wildcard ($Variant) {
    'module*' { Connect-BenchModule $ModuleManifest $BaseUri $AccountId $Token }
    'raw*' { Import-Module -Name $RawModule }
}

$headers = @{ Authorization = "Bearer $Token" }
$listUri = "$BaseUri/accounts/$AccountId/cni/interconnects?limit=$PageSize"

$work = switch ($Variant) {
    'module' { { (Get-CfInterconnect -PageSize $PageSize | Measure-Object).Count } }
    'module-default' { { (Get-CfInterconnect | Measure-Object).Count } }
    'module-where' { { (Get-CfInterconnect -PageSize $PageSize | Where-Object Site -NE 'nowhere' | Measure-Object).Count } }
    'raw' { { (Get-RawInterconnect -BaseUri $BaseUri -AccountId $AccountId -Token $Token -PageSize $PageSize | Measure-Object).Count } }
    'raw-where' { { (Get-RawInterconnect -BaseUri $BaseUri -AccountId $AccountId -Token $Token -PageSize $PageSize | Where-Object Site -NE 'nowhere' | Measure-Object).Count } }
    'irm' {
        {
            $all = & {
                $cursor = $null
                do {
                    $uri = if ($null -eq $cursor) { $listUri } else { "$listUri&cursor=$cursor" }
                    $page = Invoke-RestMethod -Uri $uri -Headers $headers
                    $page.items
                    $cursor = $page.next
                } while ($null -ne $cursor)
            } | Measure-Object
            $all.Count
        }
    }
}

$result = Measure-BenchBlock $work
$result.Variant = $Variant
Write-BenchResult $result
