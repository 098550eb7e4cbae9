//! Generation of the bindings from `netinet/sctp.h` with bindgen.
//!
//! Shared by the build script and by `cargo xtask codegen` (which writes the committed copies in
//! `src/bindings/`), so both produce the same text. Reads no environment variable itself: the
//! caller passes everything in a [`Request`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// First line of a generated bindings file; lists the detected features (cfg names), so that
/// a committed copy carries them too.
pub(crate) const FEATURES_MARKER: &str = "// sctp-sys features:";

/// Every cfg a bindings file may list, so that `#[cfg(...)]` on any of them never warns.
///
/// The `HAVE_SCTP_*` macros of lksctp-tools' configure-generated header map to
/// `sctp_have_*` (lowercased, prefix `HAVE_SCTP_` replaced by `sctp_have_`, `HAVE_KERNEL_SCTP`
/// to `sctp_have_kernel_sctp`). `sctp_have_sendv` and `sctp_have_peeloff_flags` are also set
/// when the header declares the functions without such a macro (FreeBSD).
pub(crate) const KNOWN_FEATURES: &[&str] = &[
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

/// What to generate and from where.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    /// Rust target triple the bindings are for.
    pub(crate) target: &'a str,
    /// Rust triple of the machine running the generation.
    pub(crate) host: &'a str,
    /// Directory holding `netinet/sctp.h`, instead of the compiler's default search path.
    pub(crate) include_dir: Option<&'a Path>,
    /// FreeBSD sysroot, for FreeBSD targets on other hosts.
    pub(crate) freebsd_sysroot: Option<&'a Path>,
    /// Where the wrapper header is written.
    pub(crate) work_dir: &'a Path,
    /// Print `cargo:rerun-if-changed` lines for every header read (build script only).
    pub(crate) cargo_callbacks: bool,
}

/// `linux` or `freebsd` for a target triple, `None` for any other system.
pub(crate) fn target_os(target: &str) -> Option<&'static str> {
    if target.contains("-linux") {
        Some("linux")
    } else if target.contains("-freebsd") {
        Some("freebsd")
    } else {
        None
    }
}

/// File name of the committed bindings for a target triple (`linux_x86_64.rs`).
pub(crate) fn bundled_file_name(target: &str) -> Option<String> {
    let os = target_os(target)?;
    let arch = target.split('-').next()?;
    Some(format!("{os}_{arch}.rs"))
}

/// Runs bindgen on a wrapper including `<netinet/sctp.h>` and returns the bindings, whose first
/// line is [`FEATURES_MARKER`] followed by the detected features. The error is one line naming
/// what is missing.
pub(crate) fn generate(request: &Request<'_>) -> Result<String, String> {
    let Some(target_os) = target_os(request.target) else {
        return Err(format!(
            "sctp-sys supports Linux and FreeBSD only, not target `{}`",
            request.target
        ));
    };
    let mut clang_args: Vec<String> = vec![format!("--target={}", request.target)];
    if let Some(dir) = request.include_dir {
        if !dir.join("netinet").join("sctp.h").is_file() {
            return Err(format!(
                "netinet/sctp.h not found in SCTP_SYS_INCLUDE_DIR ({}); install {}",
                dir.display(),
                package_hint(target_os)
            ));
        }
        clang_args.push(format!("-I{}", dir.display()));
    }
    if target_os == "linux" {
        clang_args.extend(linux_cross_args(request.target, request.host));
    }
    if target_os == "freebsd" && !request.host.contains("-freebsd") {
        let Some(root) = request.freebsd_sysroot else {
            return Err(
                "building for FreeBSD on a non-FreeBSD host needs SCTP_SYS_FREEBSD_SYSROOT \
                 (a FreeBSD root with usr/include, or an unpacked ziglang wheel), or \
                 SCTP_SYS_BUNDLED_BINDINGS=1"
                    .to_owned(),
            );
        };
        clang_args.extend(freebsd_sysroot_args(root, request.target));
    }

    // FreeBSD's header needs the socket and in types first; lksctp's includes what it needs.
    let mut wrapper = String::new();
    if target_os == "freebsd" {
        wrapper
            .push_str("#include <sys/types.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n");
    }
    wrapper.push_str("#include <netinet/sctp.h>\n");
    let wrapper_path = request.work_dir.join("sctp_sys_wrapper.h");
    fs::write(&wrapper_path, &wrapper)
        .map_err(|e| format!("cannot write {}: {e}", wrapper_path.display()))?;

    let seen = Arc::new(Mutex::new(Collected::default()));
    let mut builder = bindgen::Builder::default()
        .header(wrapper_path.display().to_string())
        .clang_args(&clang_args)
        .use_core()
        .rust_target(bindgen::RustTarget::stable(85, 0).expect("a Rust version bindgen knows"))
        .rust_edition(bindgen::RustEdition::Edition2024)
        .wrap_unsafe_ops(true)
        .layout_tests(true)
        .generate_comments(false)
        .derive_default(true)
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
        .blocklist_type("in_addr")
        .blocklist_type("in6_addr")
        .blocklist_type("in6_addr__.*")
        .blocklist_type("in_addr_t")
        .blocklist_type("in_port_t")
        .prepend_enum_name(false)
        .translate_enum_integer_types(true)
        .default_macro_constant_type(bindgen::MacroTypeVariation::Unsigned)
        .parse_callbacks(Box::new(Callbacks {
            seen: Arc::clone(&seen),
        }));
    if request.cargo_callbacks {
        builder = builder.parse_callbacks(Box::new(bindgen::CargoCallbacks::new()));
    }
    if target_os == "linux" {
        // Declared `packed, aligned(4)` on Linux, which Rust cannot express and bindgen
        // approximates with wrong padding; written by hand in `src/linux.rs`.
        builder = builder.blocklist_type("sctp_paddrparams");
    }

    // bindgen panics when it cannot load libclang; turn that into one clear line.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(panic::AssertUnwindSafe(|| builder.generate()));
    panic::set_hook(previous_hook);

    let generated = match result {
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("");
            if message.contains("libclang") {
                return Err(
                    "libclang not found (bindgen needs it to read netinet/sctp.h); install \
                     libclang-dev, point LIBCLANG_PATH at the directory holding libclang.so, \
                     or enable the `bundled-bindings` feature of sctp-sockets-sys (or of \
                     sctp-sockets) to build from the committed bindings without libclang"
                        .to_owned(),
                );
            }
            let first = message.lines().next().unwrap_or("(no message)");
            return Err(format!("bindgen panicked on netinet/sctp.h: {first}"));
        }
        Ok(Err(err)) => {
            let text = err.to_string();
            if text.contains("sctp.h") && text.contains("not found") {
                return Err(format!(
                    "netinet/sctp.h not found; install {}",
                    package_hint(target_os)
                ));
            }
            let first = text.lines().find(|l| l.contains("error")).unwrap_or(&text);
            return Err(format!(
                "bindgen failed on netinet/sctp.h: {}",
                first.trim()
            ));
        }
        Ok(Ok(bindings)) => bindings.to_string(),
    };

    let collected = seen
        .lock()
        .map_err(|_| "bindgen callback panicked")?
        .clone();
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
    Ok(out)
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
    for (alias, ty) in aliases {
        kept = replace_identifier(&kept, &alias, &ty);
    }
    kept
}

/// `text` with every whole-identifier occurrence of `ident` replaced by `with`: `_bindgen_ty_1`
/// is neither part of `_bindgen_ty_12` nor of `sctp_notification__bindgen_ty_1`.
fn replace_identifier(text: &str, ident: &str, with: &str) -> String {
    let is_ident_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(ident) {
        let before = rest[..pos].chars().next_back();
        let after = rest[pos + ident.len()..].chars().next();
        out.push_str(&rest[..pos]);
        if before.is_some_and(is_ident_char) || after.is_some_and(is_ident_char) {
            out.push_str(ident);
        } else {
            out.push_str(with);
        }
        rest = &rest[pos + ident.len()..];
    }
    out.push_str(rest);
    out
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

pub(crate) fn quote_type(ty: &syn::Type) -> String {
    use quote::ToTokens as _;
    ty.to_token_stream().to_string().replace(' ', "")
}

/// The FreeBSD package or Linux package that provides the header.
fn package_hint(target_os: &str) -> &'static str {
    if target_os == "freebsd" {
        "the FreeBSD base system headers, or set SCTP_SYS_FREEBSD_SYSROOT to a FreeBSD sysroot"
    } else {
        "libsctp-dev (Debian/Ubuntu) or lksctp-tools-devel (Fedora/RHEL)"
    }
}

/// Clang arguments for a Linux target of another architecture than the host: Debian's cross C
/// library and kernel headers (`libc6-dev-<arch>-cross`, `linux-libc-dev-<arch>-cross`, in
/// `/usr/<arch>-linux-gnu/include`) are searched before the host's `/usr/include`, which still
/// provides lksctp-tools' `netinet/sctp.h` (the same text on every architecture). Nothing when
/// the architectures match or no such directory exists.
fn linux_cross_args(target: &str, host: &str) -> Vec<String> {
    let arch = |triple: &str| triple.split('-').next().unwrap_or("").to_owned();
    if arch(target) == arch(host) {
        return Vec::new();
    }
    let dir = PathBuf::from(format!("/usr/{}-linux-gnu/include", arch(target)));
    if dir.is_dir() {
        vec![format!("-isystem{}", dir.display())]
    } else {
        Vec::new()
    }
}

/// Clang arguments that parse a FreeBSD sysroot instead of the host's headers.
///
/// `root` is either a FreeBSD root (headers in `usr/include`), passed as `--sysroot`, or an
/// unpacked `ziglang` wheel's `ziglang` directory, which holds FreeBSD's libc headers in
/// `lib/libc/include/generic-freebsd` and `lib/libc/include/<arch>-freebsd-none` and clang's
/// builtin headers in `lib/include`.
fn freebsd_sysroot_args(root: &Path, target: &str) -> Vec<String> {
    let arch = target.split('-').next().unwrap_or("x86_64");
    let zig_generic = root.join("lib/libc/include/generic-freebsd");
    if zig_generic.is_dir() {
        vec![
            "-nostdinc".to_owned(),
            format!("-isystem{}", root.join("lib/include").display()),
            format!(
                "-isystem{}",
                root.join(format!("lib/libc/include/{arch}-freebsd-none"))
                    .display()
            ),
            format!("-isystem{}", zig_generic.display()),
        ]
    } else {
        vec![format!("--sysroot={}", root.display())]
    }
}
