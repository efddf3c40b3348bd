//! A pasted etcdctl or `kubectl exec` command, reviewed: what it does, where it runs, the
//! findings with their fixes and the corrected command. Each command carries `data-runs-in`,
//! each finding `data-finding`: stable hooks for tests and sites.

use etcdtls_core::check::{CheckReport, RunsIn};
use yew::prelude::*;

/// The review of the pasted commands; nothing when none was pasted.
pub fn check_view(report: &CheckReport) -> Html {
    if report.commands.is_empty() {
        return html! {};
    }
    html! {
        <section class="check" aria-label="Command reviewed">
            <h2>{ "That is an etcd command. Before you run it:" }</h2>
            { for report.commands.iter().map(|c| {
                let runs_in = match c.runs_in {
                    RunsIn::Host => "host",
                    RunsIn::Pod => "pod",
                    RunsIn::Container => "container",
                    RunsIn::Remote => "remote",
                };
                let place = match (&c.runs_in, &c.target) {
                    (RunsIn::Pod, Some(t)) => format!("Runs inside pod {t}, through kubectl exec."),
                    (RunsIn::Container, Some(t)) => format!("Runs inside container {t}."),
                    (RunsIn::Remote, Some(t)) => format!("Runs on host {t}, through ssh."),
                    _ => "Runs on the machine where you type it.".to_string(),
                };
                html! {
                    <article class="card check-command" data-runs-in={runs_in}>
                        <pre><code>{ &c.command }</code></pre>
                        <p>{ place }{ " It " }{ &c.does }{ "." }</p>
                        if c.findings.is_empty() {
                            <p class="ok">{ "Nothing wrong found." }</p>
                        }
                        <ul class="findings">
                            { for c.findings.iter().map(|f| html! {
                                <li class={classes!("finding", f.severity.to_string())} data-finding={f.id.id()}>
                                    <span class="severity">{ f.severity.to_string() }</span>
                                    <code>{ f.id.id() }</code>
                                    <p>{ &f.message }</p>
                                    <p class="fix"><strong>{ "Fix: " }</strong>{ &f.fix }</p>
                                </li>
                            }) }
                        </ul>
                        if let Some(fixed) = &c.corrected {
                            <p><strong>{ "Corrected:" }</strong></p>
                            <div class="command"><pre><code class="corrected">{ fixed }</code></pre></div>
                        }
                    </article>
                }
            }) }
        </section>
    }
}
