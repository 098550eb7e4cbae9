//! Build script of `sctp-sys`: generates the bindings from the system's `netinet/sctp.h` with
//! bindgen (see `build/generate.rs`), exposes what the header declares as cfgs and as `links`
//! metadata, and tells Cargo what to link.
//!
//! Environment variables (all optional; documented in the crate docs):
//! - `SCTP_SYS_INCLUDE_DIR`: directory holding `netinet/sctp.h`.
//! - `SCTP_SYS_LIB_DIR`: directory holding `libsctp`; skips pkg-config.
//! - `SCTP_SYS_STATIC`: link `libsctp` statically (Linux).
//! - `SCTP_SYS_BUNDLED_BINDINGS`: use the committed bindings in `src/bindings/` instead of
//!   running bindgen (implied by `DOCS_RS`, and by the `bundled-bindings` feature, which is the
//!   way for dependents: a feature reaches through the dependency tree, a variable does not).
//! - `SCTP_SYS_FREEBSD_SYSROOT`: FreeBSD headers to parse when the target is FreeBSD and the
//!   host is not.

#[path = "build/generate.rs"]
mod generate;

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process;

use generate::{FEATURES_MARKER, KNOWN_FEATURES, quote_type};

fn main() {
    for var in [
        "SCTP_SYS_INCLUDE_DIR",
        "SCTP_SYS_LIB_DIR",
        "SCTP_SYS_STATIC",
        "SCTP_SYS_BUNDLED_BINDINGS",
        "SCTP_SYS_FREEBSD_SYSROOT",
        "DOCS_RS",
        "LIBCLANG_PATH",
    ] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rerun-if-changed=build/generate.rs");
    let mut check_cfg = String::from("cargo::rustc-check-cfg=cfg(sctp_sys_bundled");
    for feature in KNOWN_FEATURES {
        let _ = write!(check_cfg, ", {feature}");
    }
    check_cfg.push(')');
    println!("{check_cfg}");

    let target = env::var("TARGET").expect("cargo sets TARGET");
    let host = env::var("HOST").expect("cargo sets HOST");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let Some(target_os) = generate::target_os(&target) else {
        fail(&format!(
            "sctp-sys supports Linux and FreeBSD only, not target `{target}`"
        ));
    };

    let bundled = env::var_os("CARGO_FEATURE_BUNDLED_BINDINGS").is_some()
        || env::var_os("DOCS_RS").is_some()
        || env_flag("SCTP_SYS_BUNDLED_BINDINGS");
    let bindings = if bundled {
        let name = generate::bundled_file_name(&target).unwrap_or_default();
        let path = manifest_dir.join("src").join("bindings").join(&name);
        println!("cargo::rerun-if-changed={}", path.display());
        match fs::read_to_string(&path) {
            Ok(text) => {
                println!("cargo::rustc-cfg=sctp_sys_bundled");
                text
            }
            Err(_) => fail(&format!(
                "sctp-sys has no committed bindings for `{target}` (src/bindings/{name}); turn \
                 off the `bundled-bindings` feature (and SCTP_SYS_BUNDLED_BINDINGS) to generate \
                 them from the system header"
            )),
        }
    } else {
        let include_dir = env::var_os("SCTP_SYS_INCLUDE_DIR").map(PathBuf::from);
        let sysroot = env::var_os("SCTP_SYS_FREEBSD_SYSROOT").map(PathBuf::from);
        let request = generate::Request {
            target: &target,
            host: &host,
            include_dir: include_dir.as_deref(),
            freebsd_sysroot: sysroot.as_deref(),
            work_dir: &out_dir,
            cargo_callbacks: true,
        };
        generate::generate(&request).unwrap_or_else(|message| fail(&message))
    };

    // Without the `libsctp` feature the Linux bindings keep their types and constants only, so
    // calling a libsctp function is a compile error rather than a link error.
    let libsctp = env::var_os("CARGO_FEATURE_LIBSCTP").is_some() || target_os != "linux";
    let bindings = if libsctp {
        bindings
    } else {
        without_functions(&bindings)
    };

    for feature in features_of(&bindings) {
        println!("cargo::rustc-cfg={feature}");
        // Visible to dependents' build scripts as DEP_SCTP_HAVE_<NAME>=1.
        let key = feature.trim_start_matches("sctp_");
        println!("cargo::metadata={key}=1");
    }
    fs::write(out_dir.join("c_check_table.rs"), c_check_table(&bindings))
        .expect("write c_check_table.rs to OUT_DIR");
    fs::write(out_dir.join("bindings.rs"), bindings).expect("write bindings.rs to OUT_DIR");

    // docs.rs only needs the declarations; nothing is linked there.
    if env::var_os("DOCS_RS").is_none() && libsctp {
        link(target_os);
    }
}

/// A Rust table of every struct and union of the bindings with its size, alignment and field
/// offsets, and of every constant with its value, for the test comparing them with what the C
/// compiler says. Generated items bindgen names itself (`__bindgen_*`) have no C spelling and
/// are left out.
fn c_check_table(bindings: &str) -> String {
    let file = syn::parse_file(bindings).expect("bindings parse as Rust");
    let mut out = String::from(
        "/// Layouts of the bindings' structs and unions: (Rust name, C spelling, size, align,\n\
         /// [(field, offset)]).\n\
         pub(crate) static LAYOUTS: &[(&str, &str, usize, usize, &[(&str, usize)])] = &[\n",
    );
    for item in &file.items {
        let (ident, kind, fields): (&syn::Ident, &str, Vec<&syn::Ident>) = match item {
            // bindgen writes a C union as a struct of `__BindgenUnionField`s when its members
            // are not `Copy`.
            syn::Item::Struct(s)
                if s.fields
                    .iter()
                    .any(|f| quote_type(&f.ty).contains("__BindgenUnionField")) =>
            {
                (
                    &s.ident,
                    "union",
                    s.fields.iter().filter_map(|f| f.ident.as_ref()).collect(),
                )
            }
            syn::Item::Struct(s) => (
                &s.ident,
                "struct",
                s.fields.iter().filter_map(|f| f.ident.as_ref()).collect(),
            ),
            syn::Item::Union(u) => (
                &u.ident,
                "union",
                u.fields
                    .named
                    .iter()
                    .filter_map(|f| f.ident.as_ref())
                    .collect(),
            ),
            _ => continue,
        };
        let name = ident.to_string();
        if name.starts_with("__") || name.contains("__bindgen") {
            continue;
        }
        let c_name = if name.ends_with("_t") {
            name.clone()
        } else {
            format!("{kind} {name}")
        };
        let _ = write!(
            out,
            "    (\"{name}\", \"{c_name}\", ::core::mem::size_of::<{name}>(), \
             ::core::mem::align_of::<{name}>(), &["
        );
        for field in fields {
            let field = field.to_string();
            if field.starts_with("__bindgen")
                || field.starts_with("_bitfield")
                || field == "bindgen_union_field"
            {
                continue;
            }
            let _ = write!(
                out,
                "(\"{field}\", ::core::mem::offset_of!({name}, {field})), "
            );
        }
        out.push_str("]),\n");
    }
    out.push_str(
        "];\n\n/// Every integer constant of the bindings with its value.\n\
         pub(crate) static CONSTANTS: &[(&str, i128)] = &[\n",
    );
    for item in &file.items {
        if let syn::Item::Const(c) = item {
            let name = c.ident.to_string();
            if name == "_" {
                // bindgen's layout assertions.
                continue;
            }
            let _ = writeln!(out, "    (\"{name}\", {name} as i128),");
        }
    }
    out.push_str("];\n");
    out
}

/// `bindings` without its `extern` blocks (the function declarations), its first line (the
/// features) kept.
fn without_functions(bindings: &str) -> String {
    let (first, rest) = bindings.split_once('\n').unwrap_or((bindings, ""));
    let mut file = syn::parse_file(rest).expect("bindings parse as Rust");
    file.items
        .retain(|item| !matches!(item, syn::Item::ForeignMod(_)));
    format!("{first}\n{}\n", quote::ToTokens::to_token_stream(&file))
}

/// The features recorded in a bindings file's first line.
fn features_of(bindings: &str) -> Vec<String> {
    bindings
        .lines()
        .next()
        .and_then(|line| line.strip_prefix(FEATURES_MARKER))
        .map(|rest| rest.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn link(target_os: &str) {
    if target_os != "linux" {
        // FreeBSD: sctp_bindx, sctp_sendv, ... are part of libc.
        return;
    }
    let statik = env_flag("SCTP_SYS_STATIC");
    let kind = if statik { "static" } else { "dylib" };
    if let Some(dir) = env::var_os("SCTP_SYS_LIB_DIR") {
        println!(
            "cargo::rustc-link-search=native={}",
            PathBuf::from(dir).display()
        );
        println!("cargo::rustc-link-lib={kind}=sctp");
        return;
    }
    let probed = pkg_config::Config::new()
        .statik(statik)
        .cargo_metadata(true)
        .probe("libsctp");
    if probed.is_err() {
        println!("cargo::rustc-link-lib={kind}=sctp");
    }
}

fn env_flag(name: &str) -> bool {
    env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Stops the build with a single-line error.
fn fail(message: &str) -> ! {
    eprintln!("error: sctp-sys: {message}");
    process::exit(1);
}
