<#
.SYNOPSIS
    Reports the link health of Cloudflare Network Interconnects: a small ops script, for a scheduled job or by hand.

.DESCRIPTION
    Reads the status of each interconnect (every one in the account, or those named) and writes one object per
    interconnect: Name, State, Reason, Healthy, and Error. A link that is Down or Unhealthy also writes a warning.

    A status that cannot be read (the API rate-limits the job, or fails) does not stop the report: that interconnect's
    State is Unknown and Error holds the module's error id, such as CfApi.RateLimited, and the others are still read.
    The module's own retries (Connect-CfAccount -MaximumRetryCount) ride out a short burst of 429s first.

    With -FailOnUnhealthy, the script ends with the error CniHealth.Unhealthy after the report when any link is not
    Healthy, so that a scheduler sees a failed run. When the interconnects cannot even be listed, it ends with
    CniHealth.ListFailed.

    It uses the connection that Connect-CfAccount made. Its tests, examples/Test-CniHealth.Tests.ps1, run it against
    the offline sandbox.

.EXAMPLE
    Connect-CfAccount -ApiToken (Read-Host -AsSecureString) -AccountId 023e105f4ecef8ad9ca31a8372d0c353
    ./Test-CniHealth.ps1 -FailOnUnhealthy
#>
[CmdletBinding()]
param(
    # Interconnect names; without it, every interconnect of the account.
    [string[]] $Name,

    # End with the error CniHealth.Unhealthy when any link is not Healthy.
    [switch] $FailOnUnhealthy
)

if (-not $Name) {
    try {
        $Name = @(Get-CfInterconnect -ErrorAction Stop | ForEach-Object { $_.Name })
    }
    catch {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new("Cannot list the interconnects: $($_.Exception.Message)", $_.Exception),
                'CniHealth.ListFailed', [System.Management.Automation.ErrorCategory]::ResourceUnavailable, $null))
    }
}

$unhealthy = 0
foreach ($icon in $Name) {
    $failure = $null
    $status = Get-CfInterconnectStatus -Name $icon -ErrorAction SilentlyContinue -ErrorVariable failure
    if ($null -ne $status) {
        $report = [pscustomobject]@{ Name = $icon; State = "$($status.State)"; Reason = $status.Reason; Healthy = "$($status.State)" -eq 'Healthy'; Error = $null }
    }
    else {
        $report = [pscustomobject]@{ Name = $icon; State = 'Unknown'; Reason = $null; Healthy = $false; Error = ($failure[0].FullyQualifiedErrorId -split ',')[0] }
    }

    if ($report.State -in 'Down', 'Unhealthy') {
        Write-Warning "$icon is $($report.State)$(if ($report.Reason) { ": $($report.Reason)" })"
    }

    if (-not $report.Healthy) {
        $unhealthy++
    }

    $report
}

if ($FailOnUnhealthy -and $unhealthy -gt 0) {
    $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new("$unhealthy of $(@($Name).Count) interconnect(s) are not Healthy."),
            'CniHealth.Unhealthy', [System.Management.Automation.ErrorCategory]::InvalidResult, $null))
}
