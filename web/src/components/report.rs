//! The explanation: an inventory like the CLI's, the relationships as a tree, a card per item,
//! the findings with their fixes, and the commands that connect. Every card carries `data-kind`
//! and `data-role`, every finding `data-finding`: stable hooks for tests and for sites.

use std::rc::Rc;

use etcdtls_core::humanize::{self, date, residual};
use etcdtls_core::model::ItemBody;
use etcdtls_core::{Finding, Item, Report, TreeNode, connection_recipes, explain, relationship_tree};
use yew::prelude::*;

use crate::state::{Explained, View};

/// The results' properties: compared by revision, not by content.
#[derive(Debug, Properties)]
pub struct ResultsProps {
    /// The explanation, and how many milliseconds it took.
    pub explained: Rc<(Explained, f64)>,
    /// The workspace revision it belongs to.
    pub revision: u64,
    /// Nothing was given.
    pub empty: bool,
    /// Which parts to show (all, on the page).
    #[prop_or_default]
    pub view: View,
}

impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && self.empty == other.empty && self.view == other.view
    }
}

/// An element id for an item (ids contain `/`, `#`, `[`).
fn anchor(id: &str) -> String {
    let mut out = String::from("item-");
    out.extend(id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
    out
}

fn link(report: &Report, id: &etcdtls_core::ItemId) -> Html {
    let label = report.item(id).map(|i| i.id.0.clone()).unwrap_or_else(|| id.0.clone());
    html! { <a href={format!("#{}", anchor(&id.0))}>{ label }</a> }
}

/// The results.
#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let (explained, millis) = &*props.explained;
    let report = &explained.report;
    let view = props.view;
    if props.empty {
        return html! { <section class="results empty" aria-live="polite"><p>{ "Nothing to explain yet." }</p></section> };
    }
    let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
    // Tenths of a millisecond, formatted without pulling float formatting into the wasm.
    let tenths = (millis * 10.0).round().max(0.0) as u64;
    let ms_text = format!("{}.{}", tenths / 10, tenths % 10);
    let (errors, warnings) = (
        count(etcdtls_core::Severity::Error),
        count(etcdtls_core::Severity::Warning),
    );
    html! {
        <section class="results" aria-live="polite">
            if view.status {
            <p id="status" class="status" data-explain-ms={ms_text.clone()} data-items={report.items.len().to_string()}>
                { format!("{} item{} explained in {} ms · {} error{}, {} warning{}",
                    report.items.len(), if report.items.len() == 1 { "" } else { "s" }, (tenths + 5) / 10,
                    errors, if errors == 1 { "" } else { "s" }, warnings, if warnings == 1 { "" } else { "s" }) }
                if let Some(d) = report.distribution {
                    <span class="distribution" data-distribution={d.id}>{ format!(" · laid out like {}", d.name) }</span>
                }
            </p>
            }
            if !explained.why.is_empty() { { why_view(&explained.why) } }
            { crate::components::check::check_view(&explained.check) }
            if !report.errors.is_empty() {
                <section class="unreadable" aria-label="Could not read">
                    <h2>{ "Could not read" }</h2>
                    <ul>{ for report.errors.iter().map(|e| html! { <li data-error={error_kind(e)}>{ e.to_string() }</li> }) }</ul>
                </section>
            }
            if !report.items.is_empty() {
                if view.inventory { { inventory(report) } }
                if view.tree { { tree(report) } }
                if view.cards {
                <section class="cards" aria-label="Items">
                    { for report.items.iter().map(|i| card(report, i, view)) }
                </section>
                }
            }
            if view.findings { { general_findings(report) } }
            if view.recipes { { connections(report) } }
        </section>
    }
}

fn error_kind(e: &etcdtls_core::InputError) -> String {
    e.kind.id().to_string()
}

fn inventory(report: &Report) -> Html {
    html! {
        <section class="inventory" aria-label="Inventory">
            <h2>{ "Inventory" }</h2>
            <div class="scroll">
            <table>
                <thead><tr><th scope="col">{ "Item" }</th><th scope="col">{ "Role" }</th><th scope="col">{ "Expires" }</th><th scope="col">{ "Left" }</th><th scope="col">{ "Issuer / pair" }</th></tr></thead>
                <tbody>
                { for report.items.iter().map(|item| {
                    let (expires, left, pair) = match &item.body {
                        ItemBody::Certificate(c) => (
                            date(c.not_after),
                            residual(report.now, c.not_after),
                            if c.self_signed { html! { "self-signed" } } else {
                                match &item.issued_by { Some(i) => link(report, i), None => html! { format!("{} (not given)", c.issuer.text) } }
                            },
                        ),
                        ItemBody::PrivateKey(_) => ("".into(), "".into(), match &item.certificate {
                            Some(c) => html! { <>{ "key of " }{ link(report, c) }</> },
                            None => match &item.public_key_item { Some(p) => html! { <>{ "key of " }{ link(report, p) }</> }, None => html! { "no certificate" } },
                        }),
                        ItemBody::Csr(_) => ("".into(), "".into(), match (&item.certificate, &item.key) {
                            (Some(c), _) => html! { <>{ "request for " }{ link(report, c) }</> },
                            (None, Some(k)) => html! { <>{ "request of " }{ link(report, k) }</> },
                            (None, None) => html! {},
                        }),
                        _ => ("".into(), "".into(), html! {}),
                    };
                    let worst = report.findings_for(&item.id).map(|f| f.severity).max();
                    html! {
                        <tr class={classes!(worst.map(|s| s.to_string()))}>
                            <td><a href={format!("#{}", anchor(&item.id.0))}>{ &item.id.0 }</a></td>
                            <td><span class="badge">{ item.role.id() }</span></td>
                            <td>{ expires }</td>
                            <td>{ left }</td>
                            <td>{ pair }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

fn tree(report: &Report) -> Html {
    fn node(report: &Report, n: &TreeNode) -> Html {
        let item = report.item(&n.id);
        let role = item.map(|i| i.role.id()).unwrap_or("unknown");
        html! {
            <li>
                <span class="node">{ link(report, &n.id) }<span class="badge">{ role }</span></span>
                if !n.keys.is_empty() || !n.copies.is_empty() {
                    <span class="pairs">
                        { for n.keys.iter().map(|k| html! { <span class="key">{ "🔑 " }{ link(report, k) }</span> }) }
                        { for n.copies.iter().map(|c| html! { <span class="copy">{ "same as " }{ link(report, c) }</span> }) }
                    </span>
                }
                if !n.children.is_empty() {
                    <ul>{ for n.children.iter().map(|c| node(report, c)) }</ul>
                }
            </li>
        }
    }
    let roots = relationship_tree(report);
    if roots.is_empty() {
        return html! {};
    }
    html! {
        <section class="tree" aria-label="Who signed what">
            <h2>{ "Who signed what" }</h2>
            <p class="hint">{ "Each passport office (CA) with the passports it issued beneath it, and the fingerprint (key) that belongs to each." }</p>
            <ul class="forest">{ for roots.iter().map(|r| node(report, r)) }</ul>
        </section>
    }
}

fn finding(report: &Report, f: &Finding) -> Html {
    html! {
        <li class={classes!("finding", f.severity.to_string())} data-finding={f.id.id()}>
            <span class="severity">{ f.severity.to_string() }</span>
            <code>{ f.id.id() }</code>
            <p>{ &f.message }</p>
            <p class="fix"><strong>{ "Fix: " }</strong>{ &f.fix }</p>
            if f.items.len() > 1 {
                <p class="about">{ "About " }{ for f.items.iter().map(|i| html! { <>{ link(report, i) }{ " " }</> }) }</p>
            }
        </li>
    }
}

fn validity(report: &Report, c: &etcdtls_core::model::Certificate) -> Html {
    let total = (c.not_after - c.not_before).whole_days().max(1);
    let left = (c.not_after - report.now).whole_days().clamp(0, total);
    let warn = i64::from(report.warn_days);
    let words = if c.not_after < report.now {
        format!("expired {} ago", humanize::duration(report.now - c.not_after))
    } else if c.not_before > report.now {
        format!(
            "not valid for another {}",
            humanize::duration(c.not_before - report.now)
        )
    } else {
        format!("{} left", humanize::duration(c.not_after - report.now))
    };
    html! {
        <div class="validity">
            <meter min="0" max={total.to_string()} value={left.to_string()} low={warn.to_string()} high={(warn * 2).min(total).to_string()} optimum={total.to_string()}
                aria-label={format!("Time left: {words}")}>{ &words }</meter>
            <span>{ words }</span>
        </div>
    }
}

fn card(report: &Report, item: &Item, view: View) -> Html {
    let e = explain(report, item);
    let mine: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| view.findings && f.items.first() == Some(&item.id))
        .collect();
    let details = match &item.body {
        ItemBody::Certificate(c) => html! {
            <>
                { validity(report, c) }
                <dl class="facts">
                    if !c.sans.is_empty() {
                        <dt>{ "Names (SANs)" }</dt>
                        <dd>{ c.sans.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }</dd>
                    }
                    <dt>{ "Key" }</dt><dd>{ c.public_key.algorithm.to_string() }</dd>
                    <dt>{ "Serial" }</dt><dd><code>{ c.serial_as_openssl_prints_it() }</code></dd>
                    <dt>{ "SHA-256 fingerprint" }</dt><dd><code class="fingerprint">{ &c.fingerprint_sha256 }</code></dd>
                </dl>
            </>
        },
        ItemBody::PrivateKey(k) => html! {
            <dl class="facts">
                <dt>{ "Format" }</dt><dd>{ k.format.to_string() }</dd>
                if let Some(p) = &k.public_key {
                    <dt>{ "Public key id" }</dt><dd><code>{ format!("sha256:{}", &p.spki_sha256) }</code></dd>
                }
            </dl>
        },
        ItemBody::PublicKey(p) => html! {
            <dl class="facts"><dt>{ "Public key id" }</dt><dd><code>{ format!("sha256:{}", &p.spki_sha256) }</code></dd></dl>
        },
        _ => html! {},
    };
    html! {
        <article class={classes!("card", view.compact.then_some("compact"))} id={anchor(&item.id.0)} data-kind={item.kind().id()} data-role={item.role.id()}>
            <header>
                <span class="badge role">{ item.role.id() }</span>
                <span class="kind">{ item.kind().id() }</span>
                <h3>{ &item.id.0 }</h3>
            </header>
            <p class="headline">{ &e.headline }</p>
            if view.compact {
            <dl class="explanation">
                <dt>{ "Issued by" }</dt><dd>{ &e.issued_by }</dd>
                <dt>{ "Validity" }</dt><dd>{ &e.validity }</dd>
            </dl>
            } else {
            <p class="picture">{ &e.picture }</p>
            <dl class="explanation">
                <dt>{ "Issued by" }</dt><dd>{ &e.issued_by }</dd>
                <dt>{ "Identifies" }</dt><dd>{ &e.identifies }</dd>
                <dt>{ "Allows" }</dt><dd>{ &e.allows }</dd>
                if !e.used_by.is_empty() { <dt>{ "Used by" }</dt><dd>{ e.used_by.join("; ") }</dd> }
                <dt>{ "Validity" }</dt><dd>{ &e.validity }</dd>
                <dt>{ "Why this role" }</dt><dd>{ item.role_reasons.join("; ") }</dd>
            </dl>
            { details }
            }
            if !mine.is_empty() {
                <ul class="findings">{ for mine.iter().map(|f| finding(report, f)) }</ul>
            }
        </article>
    }
}

fn general_findings(report: &Report) -> Html {
    let general: Vec<&Finding> = report.findings.iter().filter(|f| f.items.is_empty()).collect();
    if general.is_empty() {
        return html! {};
    }
    html! {
        <section class="configuration" aria-label="Configuration">
            <h2>{ "Configuration" }</h2>
            <ul class="findings">{ for general.iter().map(|f| finding(report, f)) }</ul>
        </section>
    }
}

fn copy_button(text: String, label: &str) -> Html {
    let onclick = Callback::from(move |_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
        }
    });
    html! { <button type="button" class="copy" aria-label={format!("Copy {label}")} {onclick}>{ "Copy" }</button> }
}

fn connections(report: &Report) -> Html {
    let recipes = connection_recipes(report);
    if recipes.is_empty() {
        return html! {};
    }
    html! {
        <section class="connect" aria-label="Connect to etcd">
            <h2>{ "Connect to etcd with these files" }</h2>
            { for recipes.iter().map(|r| {
                let env = r.env.join("\n");
                html! {
                    <div class="recipe" data-role={r.role.id()}>
                        <p><span class="badge">{ r.role.id() }</span>{ " " }{ &r.note }</p>
                        <div class="command"><pre><code>{ &r.etcdctl }</code></pre>{ copy_button(r.etcdctl.clone(), "the etcdctl command") }</div>
                        <div class="command"><pre><code>{ &env }</code></pre>{ copy_button(env.clone(), "the ETCDCTL variables") }</div>
                        <div class="command"><pre><code>{ &r.etcdtls }</code></pre>{ copy_button(r.etcdtls.clone(), "the etcdtls command") }</div>
                    </div>
                }
            }) }
        </section>
    }
}

fn why_view(entries: &[etcdtls_core::WhyEntry]) -> Html {
    html! {
        <section class="why" aria-label="Error explained">
            <h2>{ "That is an error message. What it means:" }</h2>
            { for entries.iter().map(|e| html! {
                <article class="card why-entry" data-why={e.id} data-diagnosis={e.diagnosis.unwrap_or("")}>
                    <h3><code>{ &e.message }</code></h3>
                    <p><strong>{ "Printed by " }</strong>{ e.printed_by }</p>
                    <p>{ &e.meaning }</p>
                    <p><strong>{ "Likely causes" }</strong></p>
                    <ul>{ for e.causes.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                    <p><strong>{ "Fixes" }</strong></p>
                    <ul>{ for e.fixes.iter().map(|f| html! { <li>{ f }</li> }) }</ul>
                </article>
            }) }
        </section>
    }
}
