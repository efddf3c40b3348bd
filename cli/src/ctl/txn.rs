//! `txn`: etcdctl 3.4's transaction from standard input. Three sections, each ended by an
//! empty line: compares, success requests, failure requests (`-i` prints etcdctl's prompt
//! before each). Every line is read and checked as etcdctl does it (see `txn_input`), the
//! transaction is committed in one request, and the answer is printed in etcdctl's formats:
//! `SUCCESS`/`FAILURE` and each response (simple, `--hex`), JSON, fields, protobuf; `table`
//! is refused after the commit, with exit 4, as etcdctl does.

use std::io::{BufRead, BufReader, Read};

use etcd_client::{Compare, CompareOp, DeleteOptions, GetOptions, PutOptions, Txn, TxnOp, TxnOpResponse};
use serde::Serialize;

use super::args::TxnArgs;
use super::txn_input::{self, CompareTarget, Comparison, Relation, Request};
use crate::cli::GlobalFlags;
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Format, Header, KvJson, Printer, json_line, pb};

/// Standard input read straight from the file descriptor, so that a 4096-byte buffer over it
/// holds what Go's `bufio.Reader` would, and `put <key>` reads only what is left after it.
#[derive(Debug)]
struct RawStdin;

impl Read for RawStdin {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        nix::unistd::read(std::io::stdin(), buf).map_err(std::io::Error::from)
    }
}

/// Runs `txn`.
pub fn run(args: &TxnArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    if !args.positional.args.is_empty() {
        return Err(super::bad_args("txn command does not accept argument"));
    }
    let (printer, settings) = crate::client::prepare(global)?;
    // etcdctl builds its client (mustClientFromCmd) before it reads a line.
    if let Some(refused) = settings.client_refused() {
        return Err(refused);
    }
    let mut input = BufReader::with_capacity(4096, RawStdin);
    let prompt = |s: &str| {
        if args.interactive {
            crate::exit::write_stdout_raw(format!("{s}\n").as_bytes())
        } else {
            Ok(())
        }
    };
    prompt("compares:")?;
    let mut compares = Vec::new();
    while let Some(line) = next_line(&mut input)? {
        compares.push(txn_input::parse_compare(&line)?);
    }
    prompt("success requests (get, put, del):")?;
    let success = read_requests(&mut input)?;
    prompt("failure requests (get, put, del):")?;
    let failure = read_requests(&mut input)?;

    let txn = Txn::new()
        .when(compares.iter().map(compare).collect::<Vec<_>>())
        .and_then(success.iter().map(op).collect::<Vec<_>>())
        .or_else(failure.iter().map(op).collect::<Vec<_>>());
    // etcdctl commits with context.Background(): --command-timeout does not bound a txn
    // (`Deadline::Unbounded`, applied by `Settings::from_flags`).
    let resp = crate::runtime()?.block_on(crate::client::on_any(&settings, |mut c| {
        let txn = txn.clone();
        async move { c.txn(txn).await }
    }))?;
    crate::client::emit(print(&resp, printer))?;
    Ok(ExitStatus::Success)
}

/// The next line of a section, trimmed, or `None` at the empty line that ends it. Input that
/// ends before that empty line is etcdctl's `Error: EOF` (exit 3).
fn next_line(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, Failure> {
    let mut line = Vec::new();
    match input.read_until(b'\n', &mut line) {
        Ok(_) if line.ends_with(b"\n") => {}
        Ok(_) => return Err(Failure::new(ExitStatus::InvalidInput, "EOF")),
        Err(e) => return Err(Failure::new(ExitStatus::InvalidInput, e.to_string())),
    }
    let trimmed = txn_input::trim_space(&line);
    Ok((!trimmed.is_empty()).then(|| trimmed.to_vec()))
}

fn read_requests(input: &mut BufReader<RawStdin>) -> Result<Vec<Request>, Failure> {
    let mut requests = Vec::new();
    while let Some(line) = next_line(input)? {
        let mut rest = || {
            let mut v = Vec::new();
            match input.get_mut().read_to_end(&mut v) {
                Ok(_) => v,
                Err(_) => Vec::new(),
            }
        };
        requests.push(txn_input::parse_request(&line, &mut rest)?);
    }
    Ok(requests)
}

fn compare(c: &Comparison) -> Compare {
    let op = match c.relation {
        Relation::Equal => CompareOp::Equal,
        Relation::NotEqual => CompareOp::NotEqual,
        Relation::Greater => CompareOp::Greater,
        Relation::Less => CompareOp::Less,
    };
    let key = c.key.clone();
    match &c.target {
        CompareTarget::Version(v) => Compare::version(key, op, *v),
        CompareTarget::Create(v) => Compare::create_revision(key, op, *v),
        CompareTarget::Mod(v) => Compare::mod_revision(key, op, *v),
        CompareTarget::Value(v) => Compare::value(key, op, v.clone()),
    }
}

fn op(r: &Request) -> TxnOp {
    match r {
        Request::Get {
            key,
            end,
            limit,
            rev,
            sort_target,
            sort_order,
            serializable,
            keys_only,
        } => {
            let mut o = GetOptions::new()
                .with_limit(*limit)
                .with_sort(*sort_target, *sort_order);
            if !end.is_empty() {
                o = o.with_range(end.clone());
            }
            if *rev > 0 {
                o = o.with_revision(*rev);
            }
            if *serializable {
                o = o.with_serializable();
            }
            if *keys_only {
                o = o.with_keys_only();
            }
            TxnOp::get(key.clone(), Some(o))
        }
        Request::Put {
            key,
            value,
            lease,
            prev_kv,
            ignore_value,
            ignore_lease,
        } => {
            let mut o = PutOptions::new();
            if *lease != 0 {
                o = o.with_lease(*lease);
            }
            if *prev_kv {
                o = o.with_prev_key();
            }
            if *ignore_value {
                o = o.with_ignore_value();
            }
            if *ignore_lease {
                o = o.with_ignore_lease();
            }
            TxnOp::put(key.clone(), value.clone(), Some(o))
        }
        Request::Del { key, end, prev_kv } => {
            let mut o = DeleteOptions::new();
            if !end.is_empty() {
                o = o.with_range(end.clone());
            }
            if *prev_kv {
                o = o.with_prev_key();
            }
            TxnOp::delete(key.clone(), Some(o))
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// etcdserverpb.TxnResponse as Go's encoding/json writes it.
#[derive(Debug, Serialize)]
struct TxnJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<Header>,
    #[serde(skip_serializing_if = "is_false")]
    succeeded: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responses: Vec<OpJson>,
}

/// A ResponseOp: its oneof field has no JSON tag, so Go names it and its wrapper by type.
#[derive(Debug, Serialize)]
struct OpJson {
    #[serde(rename = "Response")]
    response: OpKind,
}

/// Go names the oneof wrapper types `ResponseRange`, `ResponsePut`, ...: kept.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Serialize)]
enum OpKind {
    ResponseRange(RangeJson),
    ResponsePut(PutJson),
    ResponseDeleteRange(DelJson),
}

#[derive(Debug, Serialize)]
struct RangeJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<Header>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kvs: Vec<KvJson>,
    #[serde(skip_serializing_if = "is_false")]
    more: bool,
    #[serde(skip_serializing_if = "is_zero")]
    count: i64,
}

#[derive(Debug, Serialize)]
struct PutJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<Header>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev_kv: Option<KvJson>,
}

#[derive(Debug, Serialize)]
struct DelJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<Header>,
    #[serde(skip_serializing_if = "is_zero")]
    deleted: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    prev_kvs: Vec<KvJson>,
}

/// etcdserverpb.TxnResponse and ResponseOp, for `-w protobuf`.
#[derive(Clone, PartialEq, prost::Message)]
struct TxnResponsePb {
    #[prost(message, optional, tag = "1")]
    header: Option<pb::ResponseHeader>,
    #[prost(bool, tag = "2")]
    succeeded: bool,
    #[prost(message, repeated, tag = "3")]
    responses: Vec<ResponseOpPb>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ResponseOpPb {
    #[prost(oneof = "ResponseKindPb", tags = "1, 2, 3")]
    response: Option<ResponseKindPb>,
}

#[allow(clippy::enum_variant_names)]
#[derive(Clone, PartialEq, prost::Oneof)]
enum ResponseKindPb {
    #[prost(message, tag = "1")]
    ResponseRange(pb::RangeResponse),
    #[prost(message, tag = "2")]
    ResponsePut(pb::PutResponse),
    #[prost(message, tag = "3")]
    ResponseDeleteRange(pb::DeleteRangeResponse),
}

fn header(h: Option<&etcd_client::ResponseHeader>) -> Option<Header> {
    h.map(|h| Header::from(Some(h)))
}

/// etcdctl's `display.Txn` in each format; `Err` is a format it has no printer for.
fn print(r: &etcd_client::TxnResponse, printer: Printer) -> crate::render::etcdctl::Printed {
    let ops = r.op_responses();
    let inner = Printer {
        value_only: false,
        ..printer
    };
    match printer.format {
        Format::Simple | Format::Fields => {
            let mut out = Vec::new();
            if printer.format == Format::Simple {
                out.extend_from_slice(if r.succeeded() { b"SUCCESS\n" } else { b"FAILURE\n" });
            } else {
                out.extend_from_slice(super::print::fields_header(&Header::from(r.header())).as_bytes());
                out.extend_from_slice(format!("\"Succeeded\" : {}\n", r.succeeded()).as_bytes());
            }
            for o in &ops {
                if printer.format == Format::Simple {
                    out.push(b'\n');
                }
                out.extend(match o {
                    TxnOpResponse::Get(g) => inner.get(g)?,
                    TxnOpResponse::Put(p) => inner.put(p)?,
                    TxnOpResponse::Delete(d) => inner.del(d)?,
                    TxnOpResponse::Txn(_) => Vec::new(),
                });
            }
            Ok(out)
        }
        Format::Json => {
            let responses = ops
                .iter()
                .filter_map(|o| {
                    let response = match o {
                        TxnOpResponse::Get(g) => OpKind::ResponseRange(RangeJson {
                            header: header(g.header()),
                            kvs: g.kvs().iter().map(KvJson::new).collect(),
                            more: g.more(),
                            count: g.count(),
                        }),
                        TxnOpResponse::Put(p) => OpKind::ResponsePut(PutJson {
                            header: header(p.header()),
                            prev_kv: p.prev_key().map(KvJson::new),
                        }),
                        TxnOpResponse::Delete(d) => OpKind::ResponseDeleteRange(DelJson {
                            header: header(d.header()),
                            deleted: d.deleted(),
                            prev_kvs: d.prev_kvs().iter().map(KvJson::new).collect(),
                        }),
                        TxnOpResponse::Txn(_) => return None,
                    };
                    Some(OpJson { response })
                })
                .collect();
            Ok(json_line(&TxnJson {
                header: header(r.header()),
                succeeded: r.succeeded(),
                responses,
            })
            .into_bytes())
        }
        Format::Protobuf => {
            use prost::Message as _;
            let responses = ops
                .iter()
                .map(|o| ResponseOpPb {
                    response: match o {
                        TxnOpResponse::Get(g) => Some(ResponseKindPb::ResponseRange(pb::RangeResponse {
                            header: pb::header(g.header()),
                            kvs: g.kvs().iter().map(pb::kv).collect(),
                            more: g.more(),
                            count: g.count(),
                        })),
                        TxnOpResponse::Put(p) => Some(ResponseKindPb::ResponsePut(pb::PutResponse {
                            header: pb::header(p.header()),
                            prev_kv: p.prev_key().map(pb::kv),
                        })),
                        TxnOpResponse::Delete(d) => {
                            Some(ResponseKindPb::ResponseDeleteRange(pb::DeleteRangeResponse {
                                header: pb::header(d.header()),
                                deleted: d.deleted(),
                                prev_kvs: d.prev_kvs().iter().map(pb::kv).collect(),
                            }))
                        }
                        TxnOpResponse::Txn(_) => None,
                    },
                })
                .collect();
            Ok(TxnResponsePb {
                header: pb::header(r.header()),
                succeeded: r.succeeded(),
                responses,
            }
            .encode_to_vec())
        }
        Format::Table => Err(Format::Table),
    }
}
