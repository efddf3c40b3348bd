//! `etcdtls demo`: the whole story on a built-in default, with no files of the user's own.
//! A throwaway etcd with a kubeadm-shaped PKI; what each file is; a real mTLS connection; and
//! the classic mistake (the Kubernetes CA instead of the etcd CA) explained at once.

use std::io::Write;
use std::time::Instant;

use clap::Parser;
use etcdtls_core::{Input, Options, analyze};

use crate::cli::{Cli, DemoArgs};
use crate::exit::{ExitStatus, Failure, print_failure};
use crate::lab::{Lab, LabSpec};
use crate::render::text;

fn heading(title: &str) {
    let mut out = anstream::stdout();
    let style = anstyle::Style::new().bold().underline();
    let _ = writeln!(out, "\n{style}{title}{style:#}\n");
}

/// Runs etcdtls with arguments in this process, showing the command first.
fn show(argv: &[String]) -> Result<ExitStatus, Failure> {
    let mut out = anstream::stdout();
    let shown: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    let _ = writeln!(out, "$ etcdtls {}", shown.join(" "));
    let _ = out.flush();
    let cli = Cli::try_parse_from(argv).map_err(|e| Failure::new(ExitStatus::BadArgs, e.to_string()))?;
    crate::run(cli)
}

/// Runs the demo.
pub fn run(args: &DemoArgs) -> Result<ExitStatus, Failure> {
    let dir = std::env::temp_dir().join(format!("etcdtls-demo-{}", std::process::id()));
    let spec = LabSpec::new(args.members, dir.clone());

    heading("1. A throwaway etcd, set up the way kubeadm sets it up");
    let lab = crate::runtime()?
        .block_on(Lab::up(&spec))
        .map_err(|e| Failure::new(ExitStatus::Error, e))?;
    let result = story(&lab);
    if args.keep {
        let mut out = anstream::stdout();
        let _ = writeln!(
            out,
            "\nThe lab keeps running: `etcdtls lab down --dir {}` stops it.",
            lab.dir.display()
        );
        lab.persist();
    } else {
        lab.down().map_err(|e| Failure::new(ExitStatus::Error, e))?;
    }
    result
}

fn story(lab: &Lab) -> Result<ExitStatus, Failure> {
    let mut out = anstream::stdout();
    for m in &lab.members {
        let _ = writeln!(
            out,
            "  etcd member {} serves clients on {} (client and peer mTLS, certificates from {})",
            m.name,
            m.client_url,
            lab.path("pki").display()
        );
    }

    heading("2. What each file is: etcdtls explain");
    let gathered = crate::inputs::gather(std::slice::from_ref(&lab.kubernetes_dir));
    let inputs: Vec<Input<'_>> = gathered.files.iter().map(|f| Input::new(&f.name, &f.bytes)).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let mut rendered = String::new();
    text::inventory(&report, text::Palette::COLOUR, &mut rendered);
    rendered.push('\n');
    for wanted in [
        "pki/etcd/ca.crt",
        "pki/etcd/healthcheck-client.crt",
        "pki/etcd/healthcheck-client.key",
    ] {
        let path = lab.path(wanted).display().to_string();
        if let Some(item) = report.items.iter().find(|i| i.id.0 == path) {
            text::item_section(&report, item, text::Palette::COLOUR, &mut rendered);
        }
    }
    text::recipes(&report, text::Palette::COLOUR, &mut rendered);
    // Coloured: the stream strips the styles where they do not belong.
    let _ = out.write_all(rendered.as_bytes());
    let _ = writeln!(
        out,
        "(`etcdtls explain {}` explains all {} items.)",
        lab.kubernetes_dir.display(),
        report.items.len()
    );

    heading("3. A real mTLS connection, with etcdctl's flags");
    let mut argv = vec!["etcdtls".to_string()];
    argv.extend(lab.flags());
    let with = |cmd: &[&str]| {
        let mut a = argv.clone();
        a.extend(cmd.iter().map(|s| s.to_string()));
        a
    };
    show(&with(&["endpoint", "status", "-w", "table"]))?;
    show(&with(&["put", "/demo/greeting", "hello over mTLS"]))?;
    show(&with(&["get", "/demo", "--prefix"]))?;

    heading("4. The classic mistake: the Kubernetes CA given as --cacert");
    let _ = writeln!(
        out,
        "etcdctl waits for its timeout and says \"context deadline exceeded\". etcdtls says why:\n"
    );
    // The lab's own flags, with the Kubernetes CA in place of the etcd CA.
    let wrong_ca = format!("--cacert={}", lab.path("pki/ca.crt").display());
    let mut wrong = vec!["etcdtls".to_string()];
    wrong.extend(lab.flags().into_iter().map(|f| {
        if f.starts_with("--cacert=") {
            wrong_ca.clone()
        } else {
            f
        }
    }));
    wrong.extend(["get".to_string(), "/demo/greeting".to_string()]);
    let started = Instant::now();
    match show(&wrong) {
        Err(failure) => {
            let _ = out.flush();
            print_failure(&failure);
            let _ = writeln!(out, "\n(explained in {:.0?})", started.elapsed());
        }
        Ok(_) => {
            return Err(Failure::new(
                ExitStatus::Error,
                "the wrong CA was accepted: this should not happen",
            ));
        }
    }
    let _ = writeln!(
        out,
        "\nTry your own: `etcdtls explain /etc/kubernetes/pki`, or `etcdtls lab up` to practise."
    );
    Ok(ExitStatus::Success)
}
