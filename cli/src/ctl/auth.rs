//! `user …`, `role …` and `auth enable|disable`, with etcdctl 3.4's argument checks and
//! printers. Keys in permissions are bytes and printed as such.
//!
//! Passwords come from `name:password`, `--new-user-password`, standard input with
//! `--interactive=false`, or else are asked for twice, as etcdctl asks (`Password of <name>: `,
//! then `Type password of <name> again for confirmation: `, without echo on a terminal), before
//! anything connects. Passwords never appear in any output.

use base64::Engine as _;
use prost::Message as _;
use serde::Serialize;

use super::args::{AuthCommand, PasswdArgs, PermArgs, RoleCommand, UserAddArgs, UserCommand, UserGetArgs};
use super::print::{HeaderJson, fields_header, go_quote};
use super::{Ctl, bad_args, check_known_format, emit, protobuf, unsupported_format};
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Header, json_line};

const PERM_READ: i32 = 0;
const PERM_WRITE: i32 = 1;
const PERM_READWRITE: i32 = 2;

/// clientv3.GetPrefixRangeEnd: the key after every key with this prefix.
fn prefix_range_end(key: &[u8]) -> Vec<u8> {
    let mut end = key.to_vec();
    while let Some(last) = end.last().copied() {
        if last < 0xff {
            let n = end.len();
            end[n - 1] = last + 1;
            return end;
        }
        end.pop();
    }
    vec![0]
}

fn header_only(format: &str, header: Header, simple: String) -> Result<Vec<u8>, Failure> {
    Ok(match format {
        "simple" => simple.into_bytes(),
        "json" => json_line(&HeaderJson { header }).into_bytes(),
        "fields" => fields_header(&header).into_bytes(),
        "protobuf" => protobuf::header_only(&header),
        other => return Err(unsupported_format(other)),
    })
}

/// The password of `user add`/`user passwd` from standard input (`--interactive=false`): the
/// first word of the first line, as Go's `fmt.Scanf("%s")` reads it (a line that starts with
/// its newline gives an empty password).
fn password_from_stdin() -> String {
    use std::io::BufRead as _;
    let mut line = Vec::new();
    let _ = std::io::stdin().lock().read_until(b'\n', &mut line);
    let line = String::from_utf8_lossy(&line);
    if line.starts_with(['\n', '\r']) {
        return String::new();
    }
    line.split_whitespace().next().unwrap_or_default().to_string()
}

/// etcdctl's `readPasswordInteractive`: asks twice; an empty or mismatched answer is refused
/// with exit 128.
fn read_password_interactive(name: &str) -> Result<String, Failure> {
    let ask = |prompt: String| {
        crate::client::ask_password(&prompt).map_err(|f| {
            if f.status == ExitStatus::Error {
                bad_args(format!("failed to ask password: {}", f.message))
            } else {
                f
            }
        })
    };
    let first = ask(format!("Password of {name}: "))?;
    if first.is_empty() {
        return Err(bad_args("empty password"));
    }
    let second = ask(format!("Type password of {name} again for confirmation: "))?;
    if first != second {
        return Err(bad_args("given passwords are different"));
    }
    Ok(first)
}

/// The password `user add` or `user passwd` reads before it connects, as etcdctl reads it
/// (after the argument checks, before the connection flags and `--user`'s own prompt):
/// `None` when it comes from the command line or the user has none.
pub fn password_before_connecting(c: &UserCommand) -> Result<Option<String>, Failure> {
    user_arguments(c)?;
    match c {
        UserCommand::Add(a) => {
            let args = &a.positional.args;
            if a.no_password || !a.new_user_password.is_empty() || args[0].contains(':') {
                Ok(None)
            } else if !a.interactive {
                Ok(Some(password_from_stdin()))
            } else {
                read_password_interactive(&args[0]).map(Some)
            }
        }
        UserCommand::Passwd(a) => {
            let args = &a.positional.args;
            if !a.interactive {
                Ok(Some(password_from_stdin()))
            } else {
                read_password_interactive(&args[0]).map(Some)
            }
        }
        _ => Ok(None),
    }
}

/// `user` subcommands' argument counts, checked as etcdctl checks them: before it builds its
/// client (and so before a variable shadowed by its flag stops it).
pub(super) fn user_arguments(c: &UserCommand) -> Result<(), Failure> {
    let wrong = match c {
        UserCommand::Add(a) => {
            (a.positional.args.len() != 1).then_some("user add command requires user name as its argument")
        }
        UserCommand::Delete(p) => {
            (p.args.len() != 1).then_some("user delete command requires user name as its argument")
        }
        UserCommand::Get(a) => {
            (a.positional.args.len() != 1).then_some("user get command requires user name as its argument")
        }
        UserCommand::List(p) => (!p.args.is_empty()).then_some("user list command requires no arguments"),
        UserCommand::Passwd(a) => {
            (a.positional.args.len() != 1).then_some("user passwd command requires user name as its argument")
        }
        UserCommand::GrantRole(p) => {
            (p.args.len() != 2).then_some("user grant command requires user name and role name as its argument")
        }
        UserCommand::RevokeRole(p) => {
            (p.args.len() != 2).then_some("user revoke-role requires user name and role name as its argument")
        }
    };
    wrong.map_or(Ok(()), |message| Err(bad_args(message)))
}

/// `role` subcommands' argument checks, made before etcdctl builds its client.
pub(super) fn role_arguments(c: &RoleCommand) -> Result<(), Failure> {
    let wrong = match c {
        RoleCommand::Add(p) => (p.args.len() != 1).then_some("role add command requires role name as its argument"),
        RoleCommand::Delete(p) => {
            (p.args.len() != 1).then_some("role delete command requires role name as its argument")
        }
        RoleCommand::Get(p) => (p.args.len() != 1).then_some("role get command requires role name as its argument"),
        RoleCommand::List(p) => (!p.args.is_empty()).then_some("role list command requires no arguments"),
        RoleCommand::GrantPermission(a) => return grant_permission_arguments(a).map(drop),
        RoleCommand::RevokePermission(a) => return revoke_permission_arguments(a).map(drop),
    };
    wrong.map_or(Ok(()), |message| Err(bad_args(message)))
}

/// `user` subcommands.
///
/// `password` is what [`password_before_connecting`] read.
pub async fn user(ctl: &Ctl<'_>, c: &UserCommand, password: Option<String>) -> Result<ExitStatus, Failure> {
    user_arguments(c)?;
    let format = ctl.format();
    match c {
        UserCommand::Add(a) => user_add(ctl, a, &format, password).await,
        UserCommand::Delete(p) => {
            check_known_format(&format)?;
            let name = p.args[0].clone();
            let deleted = ctl
                .call(|mut c| {
                    let name = name.clone();
                    async move { c.user_delete(name).await }
                })
                .await;
            let resp = ctl.naming_user(&name, deleted).await?;
            emit(header_only(
                &format,
                resp.header().into(),
                format!("User {name} deleted\n"),
            )?)?;
            Ok(ExitStatus::Success)
        }
        UserCommand::Get(a) => user_get(ctl, a, &format).await,
        UserCommand::List(_) => {
            check_known_format(&format)?;
            let resp = ctl.call(|mut c| async move { c.user_list().await }).await?;
            emit(match format.as_str() {
                "simple" => resp.users().iter().map(|u| format!("{u}\n")).collect(),
                "json" => json_line(&UsersJson {
                    header: resp.header().into(),
                    users: resp.users().to_vec(),
                }),
                "protobuf" => {
                    emit(protobuf::names(&resp.header().into(), resp.users()))?;
                    return Ok(ExitStatus::Success);
                }
                other => return Err(unsupported_format(other)),
            })?;
            Ok(ExitStatus::Success)
        }
        UserCommand::Passwd(a) => user_passwd(ctl, a, &format, password).await,
        UserCommand::GrantRole(p) | UserCommand::RevokeRole(p) => {
            let grant = matches!(c, UserCommand::GrantRole(_));
            check_known_format(&format)?;
            let (name, role) = (p.args[0].clone(), p.args[1].clone());
            let header: Header = if grant {
                let granted = ctl
                    .call(|mut c| {
                        let (name, role) = (name.clone(), role.clone());
                        async move { c.user_grant_role(name, role).await }
                    })
                    .await;
                ctl.naming_user(&name, granted).await?.header().into()
            } else {
                let revoked = ctl
                    .call(|mut c| {
                        let (name, role) = (name.clone(), role.clone());
                        async move { c.user_revoke_role(name, role).await }
                    })
                    .await;
                ctl.naming_user(&name, revoked).await?.header().into()
            };
            let verb = if grant { "granted to" } else { "revoked from" };
            emit(header_only(
                &format,
                header,
                format!("Role {role} is {verb} user {name}\n"),
            )?)?;
            Ok(ExitStatus::Success)
        }
    }
}

#[derive(Debug, Serialize)]
struct UsersJson {
    header: Header,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    users: Vec<String>,
}

#[derive(Debug, Serialize)]
struct RolesJson {
    header: Header,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<String>,
}

async fn user_add(ctl: &Ctl<'_>, a: &UserAddArgs, format: &str, read: Option<String>) -> Result<ExitStatus, Failure> {
    let args = &a.positional.args;
    let (name, password) = if a.no_password {
        (args[0].clone(), String::new())
    } else if !a.new_user_password.is_empty() {
        (args[0].clone(), a.new_user_password.clone())
    } else if let Some((user, pass)) = args[0].split_once(':') {
        if user.is_empty() {
            return Err(bad_args("empty user name is not allowed"));
        }
        (user.to_string(), pass.to_string())
    } else {
        (args[0].clone(), read.unwrap_or_default())
    };
    check_known_format(format)?;
    let no_password = a.no_password;
    let resp = ctl
        .call(|mut c| {
            let (name, password) = (name.clone(), password.clone());
            async move {
                let options = no_password.then(|| etcd_client::UserAddOptions::new().with_no_pwd());
                c.user_add(name, password, options).await
            }
        })
        .await?;
    emit(header_only(
        format,
        resp.header().into(),
        format!("User {name} created\n"),
    )?)?;
    Ok(ExitStatus::Success)
}

async fn user_passwd(ctl: &Ctl<'_>, a: &PasswdArgs, format: &str, read: Option<String>) -> Result<ExitStatus, Failure> {
    let args = &a.positional.args;
    let password = read.unwrap_or_default();
    check_known_format(format)?;
    let name = args[0].clone();
    let changed = ctl
        .call(|mut c| {
            let (name, password) = (name.clone(), password.clone());
            async move { c.user_change_password(name, password).await }
        })
        .await;
    let resp = ctl.naming_user(&name, changed).await?;
    emit(header_only(format, resp.header().into(), "Password updated\n".into())?)?;
    Ok(ExitStatus::Success)
}

async fn user_get(ctl: &Ctl<'_>, a: &UserGetArgs, format: &str) -> Result<ExitStatus, Failure> {
    let args = &a.positional.args;
    check_known_format(format)?;
    let name = args[0].clone();
    let (client, target) = ctl.client().await?;
    let got = ctl
        .call_with(&client, &target, |mut c| {
            let name = name.clone();
            async move { c.user_get(name).await }
        })
        .await;
    let resp = ctl.naming_user(&name, got).await?;
    if a.detail {
        // Printed as it goes, as etcdctl does: a format without a role printer fails after
        // the first lines.
        emit(format!("User: {name}\n"))?;
        for role in resp.roles() {
            emit("\n")?;
            let r = ctl
                .call_with(&client, &target, |mut c| {
                    let role = role.clone();
                    async move { c.role_get(role).await }
                })
                .await?;
            emit(print_role_get(format, role, &r)?)?;
        }
    } else {
        emit(match format {
            "simple" => {
                let mut s = format!("User: {name}\nRoles:");
                for r in resp.roles() {
                    s.push(' ');
                    s.push_str(r);
                }
                s + "\n"
            }
            "json" => json_line(&RolesJson {
                header: resp.header().into(),
                roles: resp.roles().to_vec(),
            }),
            "protobuf" => {
                emit(protobuf::names(&resp.header().into(), resp.roles()))?;
                return Ok(ExitStatus::Success);
            }
            other => return Err(unsupported_format(other)),
        })?;
    }
    Ok(ExitStatus::Success)
}

#[derive(Debug, Serialize)]
struct RoleGetJson {
    header: Header,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    perm: Vec<PermJson>,
}

#[derive(Debug, Serialize)]
struct PermJson {
    #[serde(rename = "permType", skip_serializing_if = "is_zero")]
    perm_type: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    range_end: String,
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

fn perm_name(t: i32) -> &'static str {
    match t {
        PERM_READ => "READ",
        PERM_WRITE => "WRITE",
        PERM_READWRITE => "READWRITE",
        _ => "UNKNOWN",
    }
}

/// etcdctl's `role get` (and `user get --detail`) output.
fn print_role_get(format: &str, role: &str, r: &etcd_client::RoleGetResponse) -> Result<Vec<u8>, Failure> {
    let perms = r.permissions();
    let header: Header = r.header().into();
    Ok(match format {
        "simple" => {
            let mut out = format!("Role {role}\nKV Read:\n").into_bytes();
            let line = |out: &mut Vec<u8>, p: &etcd_client::Permission| {
                let (key, end) = (p.key(), p.range_end());
                if end.is_empty() {
                    out.push(b'\t');
                    out.extend_from_slice(key);
                    out.push(b'\n');
                    return;
                }
                if end != b"\x00" {
                    out.extend_from_slice(b"\t[");
                    out.extend_from_slice(key);
                    out.extend_from_slice(b", ");
                    out.extend_from_slice(end);
                    out.push(b')');
                } else {
                    out.extend_from_slice(b"\t[");
                    out.extend_from_slice(key);
                    out.extend_from_slice(b", <open ended>");
                }
                if prefix_range_end(key) == end {
                    out.extend_from_slice(b" (prefix ");
                    out.extend_from_slice(key);
                    out.push(b')');
                }
                out.push(b'\n');
            };
            for p in &perms {
                if p.get_type() == PERM_READ || p.get_type() == PERM_READWRITE {
                    line(&mut out, p);
                }
            }
            out.extend_from_slice(b"KV Write:\n");
            for p in &perms {
                if p.get_type() == PERM_WRITE || p.get_type() == PERM_READWRITE {
                    line(&mut out, p);
                }
            }
            out
        }
        "json" => {
            let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
            json_line(&RoleGetJson {
                header,
                perm: perms
                    .iter()
                    .map(|p| PermJson {
                        perm_type: p.get_type(),
                        key: b64(p.key()),
                        range_end: b64(p.range_end()),
                    })
                    .collect(),
            })
            .into_bytes()
        }
        "fields" => {
            let mut s = fields_header(&header);
            for p in &perms {
                s.push_str(&format!(
                    "\"PermType\" :  {}\n\"Key\" : {}\n\"RangeEnd\" : {}\n",
                    perm_name(p.get_type()),
                    go_quote(p.key()),
                    go_quote(p.range_end())
                ));
            }
            s.into_bytes()
        }
        "protobuf" => protobuf::RoleGetResponse {
            header: Some(protobuf::response_header(&header)),
            perm: perms
                .iter()
                .map(|p| protobuf::Permission {
                    perm_type: p.get_type(),
                    key: p.key().to_vec(),
                    range_end: p.range_end().to_vec(),
                })
                .collect(),
        }
        .encode_to_vec(),
        other => return Err(unsupported_format(other)),
    })
}

/// etcdctl's permRange: the key and range end a permission names.
fn perm_range(args: &[String], prefix: bool, from_key: bool) -> Result<(Vec<u8>, Vec<u8>), Failure> {
    let key = args[0].as_bytes();
    if key.is_empty() {
        if prefix && from_key {
            return Err(bad_args("--from-key and --prefix flags are mutually exclusive"));
        }
        let end = if prefix || from_key { vec![0] } else { Vec::new() };
        return Ok((vec![0], end));
    }
    let end = if args.len() == 1 {
        if prefix {
            if from_key {
                return Err(bad_args("--from-key and --prefix flags are mutually exclusive"));
            }
            prefix_range_end(key)
        } else if from_key {
            vec![0]
        } else {
            Vec::new()
        }
    } else if prefix {
        return Err(bad_args("unexpected endkey argument with --prefix flag"));
    } else if from_key {
        return Err(bad_args("unexpected endkey argument with --from-key flag"));
    } else {
        args[1].as_bytes().to_vec()
    };
    Ok((key.to_vec(), end))
}

/// `role` subcommands.
pub async fn role(ctl: &Ctl<'_>, c: &RoleCommand) -> Result<ExitStatus, Failure> {
    role_arguments(c)?;
    let format = ctl.format();
    match c {
        RoleCommand::Add(p) | RoleCommand::Delete(p) => {
            let add = matches!(c, RoleCommand::Add(_));
            check_known_format(&format)?;
            let name = p.args[0].clone();
            let header: Header = if add {
                ctl.call(|mut c| {
                    let name = name.clone();
                    async move { c.role_add(name).await }
                })
                .await?
                .header()
                .into()
            } else {
                ctl.call(|mut c| {
                    let name = name.clone();
                    async move { c.role_delete(name).await }
                })
                .await?
                .header()
                .into()
            };
            let verb = if add { "created" } else { "deleted" };
            emit(header_only(&format, header, format!("Role {name} {verb}\n"))?)?;
            Ok(ExitStatus::Success)
        }
        RoleCommand::Get(p) => {
            check_known_format(&format)?;
            let name = p.args[0].clone();
            let resp = ctl
                .call(|mut c| {
                    let name = name.clone();
                    async move { c.role_get(name).await }
                })
                .await?;
            emit(print_role_get(&format, &name, &resp)?)?;
            Ok(ExitStatus::Success)
        }
        RoleCommand::List(_) => {
            check_known_format(&format)?;
            let resp = ctl.call(|mut c| async move { c.role_list().await }).await?;
            let header: Header = resp.header().into();
            emit(match format.as_str() {
                "simple" => resp.roles().iter().map(|r| format!("{r}\n")).collect(),
                "json" => json_line(&RolesJson {
                    header,
                    roles: resp.roles().to_vec(),
                }),
                "fields" => {
                    let mut s = fields_header(&header);
                    s.push_str("\"Roles\" :");
                    for r in resp.roles() {
                        s.push(' ');
                        s.push_str(&go_quote(r.as_bytes()));
                    }
                    s + "\n"
                }
                "protobuf" => {
                    emit(protobuf::names(&header, resp.roles()))?;
                    return Ok(ExitStatus::Success);
                }
                other => return Err(unsupported_format(other)),
            })?;
            Ok(ExitStatus::Success)
        }
        RoleCommand::GrantPermission(a) => grant_permission(ctl, a, &format).await,
        RoleCommand::RevokePermission(a) => revoke_permission(ctl, a, &format).await,
    }
}

/// `role grant-permission`'s arguments, checked as etcdctl checks them before it builds its
/// client: the permission type, and the key range.
pub(super) fn grant_permission_arguments(
    a: &PermArgs,
) -> Result<(etcd_client::PermissionType, Vec<u8>, Vec<u8>), Failure> {
    let args = &a.positional.args;
    if args.len() < 3 {
        return Err(bad_args(
            "role grant command requires role name, permission type, and key [endkey] as its argument",
        ));
    }
    let perm_type = match args[1].to_uppercase().as_str() {
        "READ" => etcd_client::PermissionType::Read,
        "WRITE" => etcd_client::PermissionType::Write,
        "READWRITE" => etcd_client::PermissionType::Readwrite,
        _ => return Err(bad_args(format!("invalid permission type: {}", args[1]))),
    };
    let (key, end) = perm_range(&args[2..], a.prefix, a.from_key)?;
    Ok((perm_type, key, end))
}

async fn grant_permission(ctl: &Ctl<'_>, a: &PermArgs, format: &str) -> Result<ExitStatus, Failure> {
    let args = &a.positional.args;
    let (perm_type, key, end) = grant_permission_arguments(a)?;
    check_known_format(format)?;
    let role = args[0].clone();
    let resp = ctl
        .call(|mut c| {
            let (role, key, end) = (role.clone(), key.clone(), end.clone());
            async move {
                let perm = etcd_client::Permission::new(perm_type, key).with_range_end(end);
                c.role_grant_permission(role, perm).await
            }
        })
        .await?;
    emit(header_only(
        format,
        resp.header().into(),
        format!("Role {role} updated\n"),
    )?)?;
    Ok(ExitStatus::Success)
}

/// `role revoke-permission`'s arguments, checked before etcdctl builds its client: the key range.
fn revoke_permission_arguments(a: &PermArgs) -> Result<(Vec<u8>, Vec<u8>), Failure> {
    let args = &a.positional.args;
    if args.len() < 2 {
        return Err(bad_args(
            "role revoke-permission command requires role name and key [endkey] as its argument",
        ));
    }
    perm_range(&args[1..], a.prefix, a.from_key)
}

async fn revoke_permission(ctl: &Ctl<'_>, a: &PermArgs, format: &str) -> Result<ExitStatus, Failure> {
    let args = &a.positional.args;
    let (key, end) = revoke_permission_arguments(a)?;
    check_known_format(format)?;
    let role = args[0].clone();
    let resp = ctl
        .call(|mut c| {
            let (role, key, end) = (role.clone(), key.clone(), end.clone());
            async move {
                let options = etcd_client::RoleRevokePermissionOptions::new().with_range_end(end);
                c.role_revoke_permission(role, key, Some(options)).await
            }
        })
        .await?;
    let mut simple = Vec::new();
    let key_arg = args[1].as_bytes();
    if end.is_empty() {
        simple.extend_from_slice(b"Permission of key ");
        simple.extend_from_slice(key_arg);
        simple.extend_from_slice(format!(" is revoked from role {role}\n").as_bytes());
    } else if end != b"\x00" {
        simple.extend_from_slice(b"Permission of range [");
        simple.extend_from_slice(key_arg);
        simple.extend_from_slice(b", ");
        simple.extend_from_slice(&end);
        simple.extend_from_slice(format!(") is revoked from role {role}\n").as_bytes());
    } else {
        simple.extend_from_slice(b"Permission of range [");
        simple.extend_from_slice(key_arg);
        simple.extend_from_slice(format!(", <open ended> is revoked from role {role}\n").as_bytes());
    }
    let header: Header = resp.header().into();
    match format {
        "simple" => emit(simple)?,
        "json" => emit(json_line(&HeaderJson { header }))?,
        "fields" => emit(fields_header(&header))?,
        "protobuf" => emit(protobuf::header_only(&header))?,
        other => return Err(unsupported_format(other)),
    }
    Ok(ExitStatus::Success)
}

/// `auth enable|disable`. Enabling creates the root role for the root user first when etcd
/// asks for it, as etcdctl does.
pub async fn auth(ctl: &Ctl<'_>, c: &AuthCommand) -> Result<ExitStatus, Failure> {
    match c {
        AuthCommand::Enable(p) => {
            if !p.args.is_empty() {
                return Err(bad_args("auth enable command does not accept any arguments"));
            }
            check_known_format(&ctl.format())?;
            let (client, target) = ctl.client().await?;
            loop {
                let tried = ctl
                    .attempt(
                        &client,
                        &|mut c: etcd_client::Client| async move { c.auth_enable().await },
                        Some(ctl.settings.command_timeout),
                    )
                    .await;
                match tried {
                    Ok(_) => break,
                    Err(super::CallError::Etcd(e))
                        if super::etcd_message(&e).contains("root user does not have root role") =>
                    {
                        ctl.call_with(&client, &target, |mut c| async move { c.role_add("root").await })
                            .await?;
                        ctl.call_with(&client, &target, |mut c| async move {
                            c.user_grant_role("root", "root").await
                        })
                        .await?;
                    }
                    Err(e) => return Err(ctl.explain(e, &target).await),
                }
            }
            emit("Authentication Enabled\n")?;
            Ok(ExitStatus::Success)
        }
        AuthCommand::Disable(p) => {
            if !p.args.is_empty() {
                return Err(bad_args("auth disable command does not accept any arguments"));
            }
            check_known_format(&ctl.format())?;
            ctl.call(|mut c| async move { c.auth_disable().await }).await?;
            emit("Authentication Disabled\n")?;
            Ok(ExitStatus::Success)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_range_end_like_clientv3() {
        assert_eq!(prefix_range_end(b"/a"), b"/b".to_vec());
        assert_eq!(prefix_range_end(b"a\xff"), b"b".to_vec());
        assert_eq!(prefix_range_end(b"\xff\xff"), vec![0]);
    }

    #[test]
    fn permission_ranges_like_etcdctl() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(perm_range(&a(&["k"]), false, false).unwrap(), (b"k".to_vec(), vec![]));
        assert_eq!(
            perm_range(&a(&["k"]), true, false).unwrap(),
            (b"k".to_vec(), b"l".to_vec())
        );
        assert_eq!(perm_range(&a(&["k"]), false, true).unwrap(), (b"k".to_vec(), vec![0]));
        assert_eq!(perm_range(&a(&[""]), true, false).unwrap(), (vec![0], vec![0]));
        assert!(perm_range(&a(&["k", "z"]), true, false).is_err());
        assert!(perm_range(&a(&["k"]), true, true).is_err());
    }
}
