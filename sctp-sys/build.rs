//! Build script of `sctp-sys`: generates the bindings from the system's `netinet/sctp.h` with
//! bindgen, detects what that header declares, and tells Cargo what to link.
//!
//! Environment variables (all optional, documented in the crate docs):
//! - `SCTP_SYS_INCLUDE_DIR`: directory holding `netinet/sctp.h`; only this header is used then.
//! - `SCTP_SYS_LIB_DIR`: directory holding `libsctp`; skips pkg-config.
//! - `SCTP_SYS_STATIC`: link `libsctp` statically (Linux).
//! - `SCTP_SYS_BUNDLED_BINDINGS`: use the committed bindings instead of running bindgen
//!   (implied by `DOCS_RS`).
//! - `SCTP_SYS_FREEBSD_SYSROOT`: FreeBSD sysroot whose headers are parsed when the target is
//!   FreeBSD and the host is not.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::process;
use std::sync::{Arc, Mutex};

/// Every cfg this script may emit, so that `#[cfg(...)]` on any of them never warns.
///
/// The `HAVE_SCTP_*` macros of lksctp-tools' configure-generated header map to
/// `sctp_have_*` (lowercased, prefix `HAVE_SCTP_` replaced by `sctp_have_`).
const KNOWN_FEATURES: &[&str] = &[
    "sctp_have_kernel_sctp",
    "sctp_have_multibuf",
    "sctp_have_noconnect",
    "sctp_have_prsctp",
    "sctp_have_addip",
    "sctp_have_canset_primary",
    "sctp_have_stream_reset_event",
    "sctp_have_stream_reconfig",
    "sctp_have_peeloff_flags",
    "sctp_have_pdapi_event_pdapi_stream",
    "sctp_have_pdapi_event_pdapi_seq",
    "sctp_have_sendv",
    "sctp_have_auth_no_auth",
    "sctp_have_spp_ipv6_flowlabel",
    "sctp_have_spp_dscp",
];

/// First line of a generated bindings file; lists the detected features so that the committed
/// copy carries them too.
const FEATURES_MARKER: &str = "// sctp-sys features:";

const WRAPPER_NAME: &str = "sctp_sys_wrapper.h";

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
    let mut check_cfg = String::from("cargo::rustc-check-cfg=cfg(sctp_sys_bundled");
    for feature in KNOWN_FEATURES {
        let _ = write!(check_cfg, ", {feature}");
    }
    check_cfg.push(')');
    println!("{check_cfg}");

    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));

    if target_os != "linux" && target_os != "freebsd" {
        fail(&format!(
            "sctp-sys supports Linux and FreeBSD only, not target OS `{target_os}`"
        ));
    }

    let bundled = env::var_os("DOCS_RS").is_some() || env_flag("SCTP_SYS_BUNDLED_BINDINGS");
    let bindings = if bundled {
        let path = manifest_dir
            .join("src")
            .join("bindings")
            .join(format!("{target_os}_{target_arch}.rs"));
        println!("cargo::rerun-if-changed={}", path.display());
        match fs::read_to_string(&path) {
            Ok(text) => {
                println!("cargo::rustc-cfg=sctp_sys_bundled");
                text
            }
            Err(_) => fail(&format!(
                "sctp-sys has no committed bindings for {target_os}/{target_arch}; unset \
                 SCTP_SYS_BUNDLED_BINDINGS to generate them from the system header"
            )),
        }
    } else {
        generate(&target_os, &out_dir)
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

    // docs.rs and the bundled mode only need the declarations; nothing is linked there.
    if env::var_os("DOCS_RS").is_none() {
        link(&target_os);
    }
}

/// Runs bindgen on a wrapper including `<netinet/sctp.h>` and returns the bindings, first line
/// being the features marker.
fn generate(target_os: &str, out_dir: &Path) -> String {
    let include_dir = env::var_os("SCTP_SYS_INCLUDE_DIR").map(PathBuf::from);
    let mut clang_args: Vec<String> = Vec::new();

    let header = match &include_dir {
        Some(dir) => {
            let header = dir.join("netinet").join("sctp.h");
            if !header.is_file() {
                fail(&format!(
                    "netinet/sctp.h not found in SCTP_SYS_INCLUDE_DIR ({}); install {}",
                    dir.display(),
                    package_hint(target_os)
                ));
            }
            clang_args.push(format!("-I{}", dir.display()));
            "#include <netinet/sctp.h>".to_owned()
        }
        None => "#include <netinet/sctp.h>".to_owned(),
    };

    let host = env::var("HOST").unwrap_or_default();
    let target = env::var("TARGET").unwrap_or_default();
    if target != host {
        clang_args.push(format!("--target={}", clang_target(&target)));
    }
    if target_os == "freebsd" && !host.contains("freebsd") {
        clang_args.extend(freebsd_sysroot_args(&target));
    }

    // FreeBSD's header needs the socket and in types first; lksctp's includes what it needs.
    let mut wrapper = String::new();
    if target_os == "freebsd" {
        wrapper
            .push_str("#include <sys/types.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n");
    }
    wrapper.push_str(&header);
    wrapper.push('\n');
    let wrapper_path = out_dir.join(WRAPPER_NAME);
    fs::write(&wrapper_path, &wrapper).expect("write the bindgen wrapper to OUT_DIR");

    let seen = Arc::new(Mutex::new(Collected::default()));
    let builder = bindgen::Builder::default()
        .header(wrapper_path.display().to_string())
        .clang_args(&clang_args)
        .use_core()
        .rust_target(bindgen::RustTarget::stable(85, 0).expect("a Rust version bindgen knows"))
        .rust_edition(bindgen::RustEdition::Edition2024)
        .wrap_unsafe_ops(true)
        .layout_tests(true)
        .generate_comments(false)
        .allowlist_function("sctp_.*")
        .allowlist_type("sctp_.*")
        .allowlist_var("sctp_.*")
        .allowlist_var("SCTP_.*")
        .allowlist_var("MSG_NOTIFICATION")
        .allowlist_var("SPP_.*")
        // The socket address and I/O types come from `libc`, so values of this crate's
        // signatures interoperate with `libc`, `socket2` and std without casts.
        .blocklist_type("sockaddr")
        .blocklist_type("sockaddr_storage")
        .blocklist_type("sockaddr_in")
        .blocklist_type("sockaddr_in6")
        .blocklist_type("iovec")
        .blocklist_type("msghdr")
        .blocklist_type("socklen_t")
        .blocklist_type("sa_family_t")
        .blocklist_type("__socklen_t")
        .blocklist_type("__kernel_sa_family_t")
        .prepend_enum_name(false)
        .translate_enum_integer_types(true)
        .default_macro_constant_type(bindgen::MacroTypeVariation::Unsigned)
        .parse_callbacks(Box::new(Callbacks {
            seen: Arc::clone(&seen),
        }))
        .parse_callbacks(Box::new(bindgen::CargoCallbacks::new()));
    let builder = if target_os == "linux" {
        // Declared `packed, aligned(4)` on Linux, which Rust cannot express and bindgen
        // approximates with wrong padding; written by hand in `src/linux.rs`.
        builder.blocklist_type("sctp_paddrparams")
    } else {
        builder
    };

    // bindgen panics when it cannot load libclang; turn that into one clear line.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(panic::AssertUnwindSafe(|| builder.generate()));
    panic::set_hook(previous_hook);

    let generated = match result {
        Err(_) => fail(
            "libclang not found (bindgen needs it to read netinet/sctp.h); install libclang-dev \
             or point LIBCLANG_PATH at the directory holding libclang.so",
        ),
        Ok(Err(err)) => {
            let text = err.to_string();
            if text.contains("sctp.h") && text.contains("not found") {
                fail(&format!(
                    "netinet/sctp.h not found; install {}",
                    package_hint(target_os)
                ));
            }
            let first = text.lines().find(|l| l.contains("error")).unwrap_or(&text);
            fail(&format!(
                "bindgen failed on netinet/sctp.h: {}",
                first.trim()
            ));
        }
        Ok(Ok(bindings)) => bindings.to_string(),
    };

    let collected = seen.lock().expect("callbacks do not panic").clone();
    let mut features: BTreeSet<String> = collected
        .have_macros
        .iter()
        .filter(|name| name.as_str() != "HAVE_SCTP")
        .map(|name| {
            format!(
                "sctp_have_{}",
                name["HAVE_SCTP_".len().min(name.len())..].to_lowercase()
            )
        })
        .collect();
    // FreeBSD's header has no configure macros: it always declares sctp_sendv/sctp_recvv.
    if declares_function(&generated, "sctp_sendv") && declares_function(&generated, "sctp_recvv") {
        features.insert("sctp_have_sendv".to_owned());
    }
    if declares_function(&generated, "sctp_peeloff_flags") {
        features.insert("sctp_have_peeloff_flags".to_owned());
    }

    let mut body = name_anonymous_enum_types(&generated);
    body.push_str(&macro_aliases(&body, &collected));
    let mut out = String::new();
    out.push_str(FEATURES_MARKER);
    for feature in &features {
        out.push(' ');
        out.push_str(feature);
    }
    out.push('\n');
    out.push_str(&body);
    out
}

/// Names collected while bindgen parses the header.
#[derive(Debug, Default, Clone)]
struct Collected {
    have_macros: BTreeSet<String>,
    /// Every `SCTP_*`/`SPP_*` macro name, translated by bindgen or not.
    macros: BTreeSet<String>,
    /// Every header file the wrapper included, directly or not.
    headers: BTreeSet<PathBuf>,
}

#[derive(Debug)]
struct Callbacks {
    seen: Arc<Mutex<Collected>>,
}

impl bindgen::callbacks::ParseCallbacks for Callbacks {
    fn will_parse_macro(&self, name: &str) -> bindgen::callbacks::MacroParsingBehavior {
        if name.starts_with("SCTP_") || name.starts_with("SPP_") {
            if let Ok(mut seen) = self.seen.lock() {
                seen.macros.insert(name.to_owned());
            }
        }
        // lksctp-tools' configure writes `HAVE_SCTP*` macros into netinet/sctp.h; some are
        // empty, so the int_macro callback would miss them.
        if name == "HAVE_KERNEL_SCTP" || name.starts_with("HAVE_SCTP") {
            let name = if name == "HAVE_KERNEL_SCTP" {
                "HAVE_SCTP_KERNEL_SCTP"
            } else {
                name
            };
            if let Ok(mut seen) = self.seen.lock() {
                seen.have_macros.insert(name.to_owned());
            }
        }
        bindgen::callbacks::MacroParsingBehavior::Default
    }

    fn include_file(&self, filename: &str) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.headers.insert(PathBuf::from(filename));
        }
    }

    fn int_macro(&self, name: &str, _value: i64) -> Option<bindgen::callbacks::IntKind> {
        // The association-id wildcards are values of `sctp_assoc_t` (signed on Linux,
        // unsigned on FreeBSD): give them that type, so they compare and assign without casts.
        match name {
            "SCTP_FUTURE_ASSOC" | "SCTP_CURRENT_ASSOC" | "SCTP_ALL_ASSOC" => {
                Some(bindgen::callbacks::IntKind::Custom {
                    name: "sctp_assoc_t",
                    is_signed: true,
                })
            }
            _ => None,
        }
    }
}

/// Whether bindgen's output declares `fn name(`, formatted or not.
fn declares_function(bindings: &str, name: &str) -> bool {
    bindings.contains(&format!("fn {name}(")) || bindings.contains(&format!("fn {name} ("))
}

/// Replaces bindgen's numbered aliases for anonymous C enums (`_bindgen_ty_3`) with their
/// integer type, so constants such as `SCTP_AUTH_NEW_KEY` have a stable, plain type.
fn name_anonymous_enum_types(bindings: &str) -> String {
    const PREFIX: &str = "pub type _bindgen_ty_";
    let mut aliases: Vec<(String, String)> = Vec::new();
    let mut kept = String::with_capacity(bindings.len());
    for line in bindings.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(PREFIX) {
            if let Some((number, ty)) = rest.split_once('=') {
                let alias = format!("_bindgen_ty_{}", number.trim());
                let ty = ty.trim().trim_end_matches(';').trim().to_owned();
                aliases.push((alias, ty));
                continue;
            }
        }
        kept.push_str(line);
        kept.push('\n');
    }
    // Longest alias first so `_bindgen_ty_1` never rewrites part of `_bindgen_ty_12`.
    aliases.sort_by_key(|(alias, _)| std::cmp::Reverse(alias.len()));
    for (alias, ty) in aliases {
        kept = kept.replace(&alias, &ty);
    }
    kept
}

/// Constants for macros that merely rename another constant (`#define SCTP_AUTH_NEWKEY
/// SCTP_AUTH_NEW_KEY`). bindgen skips them when the target is a C enum member, since the
/// preprocessor cannot evaluate it; this reads the definitions from the included headers.
fn macro_aliases(bindings: &str, collected: &Collected) -> String {
    let file = syn::parse_file(bindings).expect("bindgen output parses as Rust");
    let mut consts: BTreeMap<String, String> = BTreeMap::new();
    for item in &file.items {
        if let syn::Item::Const(c) = item {
            let ty = &c.ty;
            consts.insert(c.ident.to_string(), quote_type(ty));
        }
    }
    let mut definitions: BTreeMap<String, String> = BTreeMap::new();
    for header in &collected.headers {
        let Ok(text) = fs::read_to_string(header) else {
            continue;
        };
        for line in text.lines() {
            if let Some((name, target)) = alias_definition(line) {
                if collected.macros.contains(&name) {
                    definitions.insert(name, target);
                }
            }
        }
    }
    let mut out = String::new();
    // Aliases of aliases resolve in later rounds.
    loop {
        let mut added = false;
        for (name, target) in &definitions {
            if consts.contains_key(name) {
                continue;
            }
            if let Some(ty) = consts.get(target).cloned() {
                let _ = writeln!(out, "pub const {name}: {ty} = {target};");
                consts.insert(name.clone(), ty);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    if out.is_empty() {
        out
    } else {
        format!("// Macros naming another constant, which bindgen leaves out.\n{out}")
    }
}

/// `Some((name, target))` for a line `#define NAME TARGET` whose body is one identifier.
fn alias_definition(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("define")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, body) = rest.split_at(name_len);
    if name.is_empty() || body.starts_with('(') {
        return None;
    }
    let body = body.split("/*").next().unwrap_or("");
    let body = body.split("//").next().unwrap_or("").trim();
    let is_ident = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !body.starts_with(|c: char| c.is_ascii_digit());
    is_ident.then(|| (name.to_owned(), body.to_owned()))
}

fn quote_type(ty: &syn::Type) -> String {
    use quote::ToTokens as _;
    ty.to_token_stream().to_string().replace(' ', "")
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

/// The FreeBSD package or Linux package that provides the header.
fn package_hint(target_os: &str) -> &'static str {
    if target_os == "freebsd" {
        "the FreeBSD base system headers, or set SCTP_SYS_FREEBSD_SYSROOT to a FreeBSD sysroot"
    } else {
        "libsctp-dev (Debian/Ubuntu) or lksctp-tools-devel (Fedora/RHEL)"
    }
}

/// Clang's spelling of a Rust target triple.
fn clang_target(target: &str) -> String {
    match target {
        "x86_64-unknown-freebsd" => "x86_64-unknown-freebsd".to_owned(),
        "aarch64-unknown-freebsd" => "aarch64-unknown-freebsd".to_owned(),
        other => other.to_owned(),
    }
}

/// Clang arguments that parse a FreeBSD sysroot instead of the host's headers.
///
/// `SCTP_SYS_FREEBSD_SYSROOT` names either a FreeBSD root (headers in `usr/include`) or a
/// directory laid out like zig's libc headers (`lib/libc/include/generic-freebsd`,
/// `lib/libc/include/<arch>-freebsd-none`, clang builtins in `lib/include`).
fn freebsd_sysroot_args(target: &str) -> Vec<String> {
    let Some(root) = env::var_os("SCTP_SYS_FREEBSD_SYSROOT").map(PathBuf::from) else {
        fail(
            "building for FreeBSD on a non-FreeBSD host needs SCTP_SYS_FREEBSD_SYSROOT \
             (a FreeBSD sysroot holding usr/include/netinet/sctp.h)",
        );
    };
    let arch = target.split('-').next().unwrap_or("x86_64");
    let zig_generic = root.join("lib/libc/include/generic-freebsd");
    let mut args = vec!["-nostdinc".to_owned()];
    if zig_generic.is_dir() {
        args.push(format!("-isystem{}", root.join("lib/include").display()));
        args.push(format!(
            "-isystem{}",
            root.join(format!("lib/libc/include/{arch}-freebsd-none"))
                .display()
        ));
        args.push(format!("-isystem{}", zig_generic.display()));
    } else {
        args.push(format!("--sysroot={}", root.display()));
        if let Some(builtins) = clang_resource_include() {
            args.push(format!("-isystem{}", builtins.display()));
        }
        args.push(format!("-isystem{}", root.join("usr/include").display()));
    }
    args
}

/// The directory of clang's own builtin headers (`stddef.h`, ...), if the host has clang.
fn clang_resource_include() -> Option<PathBuf> {
    let output = process::Command::new("clang")
        .arg("-print-resource-dir")
        .output()
        .ok()?;
    let dir = String::from_utf8(output.stdout).ok()?;
    let dir = PathBuf::from(dir.trim()).join("include");
    dir.is_dir().then_some(dir)
}

fn env_flag(name: &str) -> bool {
    env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Stops the build with a single-line error.
fn fail(message: &str) -> ! {
    eprintln!("error: sctp-sys: {message}");
    process::exit(1);
}
