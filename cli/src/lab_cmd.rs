//! `etcdtls lab up|down|env`.

use std::io::Write;

use crate::cli::{KeyKind, LabCommand};
use crate::exit::{ExitStatus, Failure};
use crate::lab::{self, Lab, LabSpec};

/// Runs a `lab` subcommand.
pub fn run(command: &LabCommand) -> Result<ExitStatus, Failure> {
    match command {
        LabCommand::Up(args) => {
            let dir = args.dir.clone().unwrap_or_else(lab::default_dir);
            let mut spec = LabSpec::new(args.members, dir);
            spec.key_type = match args.key_type {
                KeyKind::Ecdsa => etcdtls_pki::KeyType::EcdsaP256,
                KeyKind::Rsa => etcdtls_pki::KeyType::Rsa2048,
            };
            let runtime = crate::runtime()?;
            let lab = runtime
                .block_on(Lab::up(&spec))
                .map_err(|e| Failure::new(ExitStatus::Error, e))?;
            print_lab(&lab);
            lab.persist();
            Ok(ExitStatus::Success)
        }
        LabCommand::Down(args) => {
            let dir = args.dir.clone().unwrap_or_else(lab::default_dir);
            let lab = Lab::load(&dir).map_err(|e| Failure::new(ExitStatus::Error, e))?;
            let n = lab.members.len();
            lab.down().map_err(|e| Failure::new(ExitStatus::Error, e))?;
            println!(
                "stopped {n} member{} and removed {}",
                if n == 1 { "" } else { "s" },
                dir.display()
            );
            Ok(ExitStatus::Success)
        }
        LabCommand::Env(args) => {
            let dir = args.dir.clone().unwrap_or_else(lab::default_dir);
            let lab = Lab::load(&dir).map_err(|e| Failure::new(ExitStatus::Error, e))?;
            for (k, v) in lab.env() {
                println!("export {k}={v}");
            }
            lab.persist();
            Ok(ExitStatus::Success)
        }
    }
}

/// What a learner needs to use the lab.
pub fn print_lab(lab: &Lab) {
    let mut out = anstream::stdout();
    let n = lab.members.len();
    let _ = writeln!(
        out,
        "etcd lab is up: {n} member{}, kubeadm-shaped PKI in {}",
        if n == 1 { "" } else { "s" },
        lab.kubernetes_dir.display()
    );
    for m in &lab.members {
        let _ = writeln!(
            out,
            "  {}  client {}  peer {}  pid {}  log {}",
            m.name,
            m.client_url,
            m.peer_url,
            m.pid.unwrap_or(0),
            m.log.display()
        );
    }
    let flags = lab.flags().join(" ");
    let _ = writeln!(out, "\nConnect with etcdctl (or replace etcdctl with etcdtls):");
    let _ = writeln!(out, "  ETCDCTL_API=3 etcdctl {flags} endpoint status -w table");
    let _ = writeln!(out, "\nOr set the variables once:");
    for (k, v) in lab.env() {
        let _ = writeln!(out, "  export {k}={v}");
    }
    let _ = writeln!(out, "  etcdtls endpoint status -w table");
    let _ = writeln!(
        out,
        "\nExplain the PKI:  etcdtls explain {}",
        lab.kubernetes_dir.display()
    );
    let _ = writeln!(
        out,
        "Diagnose:         etcdtls doctor --pki {} --endpoints={}",
        lab.path("pki").display(),
        lab.endpoints()
    );
    let _ = writeln!(out, "Stop it:          etcdtls lab down --dir {}", lab.dir.display());
}
