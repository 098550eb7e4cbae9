//! Build script of `usrsctp-sys`: finds usrsctp with pkg-config, generates the bindings from its
//! `usrsctp.h` with bindgen, and writes a table of every struct layout and constant for the test
//! that compares them with the C compiler's view.
//!
//! Environment variables (optional):
//! - `USRSCTP_SYS_INCLUDE_DIR`: directory holding `usrsctp.h`; with `USRSCTP_SYS_LIB_DIR`,
//!   skips pkg-config.
//! - `USRSCTP_SYS_LIB_DIR`: directory holding `libusrsctp`.
//! - `USRSCTP_SYS_STATIC`: link `libusrsctp` statically.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::process;

fn main() {
    for var in [
        "USRSCTP_SYS_INCLUDE_DIR",
        "USRSCTP_SYS_LIB_DIR",
        "USRSCTP_SYS_STATIC",
        "LIBCLANG_PATH",
    ] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rerun-if-env-changed=SCTP_SYS_FREEBSD_SYSROOT");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let statik = env_flag("USRSCTP_SYS_STATIC");
    let target = env::var("TARGET").expect("cargo sets TARGET");
    let host = env::var("HOST").expect("cargo sets HOST");

    // The defines usrsctp was built with (`INET`, `INET6`) decide which parts of the header
    // exist; pkg-config carries them in its cflags.
    let mut clang_args: Vec<String> = Vec::new();
    let include_dir = env::var_os("USRSCTP_SYS_INCLUDE_DIR").map(PathBuf::from);
    if target != host && target.contains("freebsd") {
        clang_args = freebsd_cross_args(&target, include_dir.as_deref(), &out_dir);
        println!("cargo::rustc-link-lib=dylib=usrsctp");
    } else {
        match (&include_dir, env::var_os("USRSCTP_SYS_LIB_DIR")) {
            (Some(inc), Some(lib)) => {
                clang_args.extend(["-DINET".to_owned(), "-DINET6".to_owned()]);
                clang_args.push(format!("-I{}", inc.display()));
                println!(
                    "cargo::rustc-link-search=native={}",
                    PathBuf::from(lib).display()
                );
                let kind = if statik { "static" } else { "dylib" };
                println!("cargo::rustc-link-lib={kind}=usrsctp");
            }
            _ => match pkg_config::Config::new()
                .statik(statik)
                .cargo_metadata(true)
                .probe("usrsctp")
            {
                Ok(lib) => {
                    for (name, value) in &lib.defines {
                        match value {
                            Some(v) => clang_args.push(format!("-D{name}={v}")),
                            None => clang_args.push(format!("-D{name}")),
                        }
                    }
                    for dir in &lib.include_paths {
                        clang_args.push(format!("-I{}", dir.display()));
                    }
                    if let Some(inc) = &include_dir {
                        clang_args.push(format!("-I{}", inc.display()));
                    }
                }
                Err(e) => fail(&format!(
                    "usrsctp not found by pkg-config ({}); install it (Debian/Ubuntu: libusrsctp-dev, \
                 macOS: `brew install usrsctp` or a CMake build of the sources) or set \
                 USRSCTP_SYS_INCLUDE_DIR and USRSCTP_SYS_LIB_DIR",
                    e.to_string().lines().next().unwrap_or("")
                )),
            },
        }
    }
    // The test compiling the C side needs the same defines.
    let _ = fs::write(out_dir.join("clang_args.txt"), clang_args.join("\n"));
    println!(
        "cargo::rustc-env=USRSCTP_SYS_CFLAGS_FILE={}",
        out_dir.join("clang_args.txt").display()
    );

    let builder = bindgen::Builder::default()
        .header_contents(
            "usrsctp_sys_wrapper.h",
            "#include <stdint.h>\n#include <sys/types.h>\n#include <sys/socket.h>\n\
             #include <netinet/in.h>\n#include <usrsctp.h>\n",
        )
        .clang_args(&clang_args)
        .use_core()
        .rust_target(bindgen::RustTarget::stable(85, 0).expect("a Rust version bindgen knows"))
        .rust_edition(bindgen::RustEdition::Edition2024)
        .wrap_unsafe_ops(true)
        .layout_tests(true)
        .generate_comments(false)
        .derive_default(true)
        .allowlist_function("usrsctp_.*")
        .allowlist_type("sctp_.*")
        .allowlist_type("sockaddr_conn")
        .allowlist_var("SCTP_.*")
        .allowlist_var("MSG_NOTIFICATION")
        .allowlist_var("AF_CONN")
        .allowlist_var("USRSCTP_.*")
        .allowlist_var("SPP_.*")
        // The socket address types come from `libc`, as in `sctp-sys`.
        .blocklist_type("sockaddr")
        .blocklist_type("sockaddr_storage")
        .blocklist_type("sockaddr_in")
        .blocklist_type("sockaddr_in6")
        .blocklist_type("socklen_t")
        .blocklist_type("sa_family_t")
        .blocklist_type("__socklen_t")
        .blocklist_type("in_addr")
        .blocklist_type("in6_addr")
        .blocklist_type("in6_addr__.*")
        .blocklist_type("in_addr_t")
        .blocklist_type("in_port_t")
        .prepend_enum_name(false)
        .translate_enum_integer_types(true)
        .default_macro_constant_type(bindgen::MacroTypeVariation::Unsigned)
        .parse_callbacks(Box::new(bindgen::CargoCallbacks::new()));

    // bindgen panics when it cannot load libclang; turn that into one clear line.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(panic::AssertUnwindSafe(|| builder.generate()));
    panic::set_hook(previous_hook);
    let bindings = match result {
        Err(_) => fail(
            "libclang not found (bindgen needs it to read usrsctp.h); install libclang-dev or \
             point LIBCLANG_PATH at the directory holding libclang.so",
        ),
        Ok(Err(e)) => fail(&format!("bindgen failed on usrsctp.h: {e}")),
        Ok(Ok(b)) => b.to_string(),
    };
    fs::write(out_dir.join("c_check_table.rs"), c_check_table(&bindings))
        .expect("write c_check_table.rs to OUT_DIR");
    fs::write(out_dir.join("bindings.rs"), bindings).expect("write bindings.rs to OUT_DIR");
}

/// bindgen's arguments for a FreeBSD target on another host (the type-check of `cargo xtask
/// check --target freebsd`): FreeBSD's libc headers from `SCTP_SYS_FREEBSD_SYSROOT` (a FreeBSD
/// root, or an unpacked `ziglang` wheel, as for `sctp-sys`) and usrsctp's header from this
/// host, copied alone into `OUT_DIR` so that none of the host's other headers is seen. usrsctp
/// declares its FreeBSD layouts under `__FreeBSD__`, which the target defines.
fn freebsd_cross_args(target: &str, include_dir: Option<&Path>, out_dir: &Path) -> Vec<String> {
    let Some(root) = env::var_os("SCTP_SYS_FREEBSD_SYSROOT").map(PathBuf::from) else {
        fail(
            "building for FreeBSD on a non-FreeBSD host needs SCTP_SYS_FREEBSD_SYSROOT (FreeBSD's \
             headers, as for sctp-sys)",
        );
    };
    let header = include_dir
        .map(|d| d.join("usrsctp.h"))
        .unwrap_or_else(|| PathBuf::from("/usr/include/usrsctp.h"));
    let own = out_dir.join("include");
    let _ = fs::create_dir_all(&own);
    if fs::copy(&header, own.join("usrsctp.h")).is_err() {
        fail(&format!(
            "{} not found; install libusrsctp-dev or set USRSCTP_SYS_INCLUDE_DIR",
            header.display()
        ));
    }
    println!("cargo::rerun-if-changed={}", header.display());
    let arch = target.split('-').next().unwrap_or("x86_64");
    let mut args = vec![
        format!("--target={target}"),
        "-DINET".to_owned(),
        "-DINET6".to_owned(),
    ];
    let zig_generic = root.join("lib/libc/include/generic-freebsd");
    if zig_generic.is_dir() {
        args.push("-nostdinc".to_owned());
        args.push(format!("-isystem{}", root.join("lib/include").display()));
        args.push(format!(
            "-isystem{}",
            root.join(format!("lib/libc/include/{arch}-freebsd-none"))
                .display()
        ));
        args.push(format!("-isystem{}", zig_generic.display()));
    } else {
        args.push(format!("--sysroot={}", root.display()));
    }
    args.push(format!("-I{}", own.display()));
    args
}

/// Every struct and union of the bindings with its size, alignment and field offsets, and every
/// constant with its value, as Rust tables for `tests/c_compiler.rs`.
fn c_check_table(bindings: &str) -> String {
    let file = syn::parse_file(bindings).expect("bindings parse as Rust");
    let mut out = String::from(
        "/// (Rust name, C spelling, size, align, [(field, offset)]).\n\
         pub(crate) static LAYOUTS: &[(&str, &str, usize, usize, &[(&str, usize)])] = &[\n",
    );
    for item in &file.items {
        let (ident, kind, fields): (&syn::Ident, &str, Vec<&syn::Ident>) = match item {
            // bindgen writes a C union as a struct of `__BindgenUnionField`s when its members
            // are not `Copy`.
            syn::Item::Struct(s) => (
                &s.ident,
                if s.fields.iter().any(|f| is_union_field(&f.ty)) {
                    "union"
                } else {
                    "struct"
                },
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
        // bindgen's own helpers and the opaque `struct socket` have no layout to compare.
        if name.starts_with("__") || name.contains("__bindgen") || name == "socket" {
            continue;
        }
        // A struct declared inside another is named `outer_inner` by bindgen; the header has
        // one, `struct sctp_tlv` inside `union sctp_notification`.
        let c_name = match name.as_str() {
            "sctp_notification_sctp_tlv" => "struct sctp_tlv".to_owned(),
            _ => format!("{kind} {name}"),
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
                continue;
            }
            let _ = writeln!(out, "    (\"{name}\", {name} as i128),");
        }
    }
    out.push_str("];\n");
    out
}

/// Whether a field's type is bindgen's `__BindgenUnionField<T>`.
fn is_union_field(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p)
        if p.path.segments.last().is_some_and(|s| s.ident == "__BindgenUnionField"))
}

fn env_flag(name: &str) -> bool {
    env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Stops the build with a single-line error.
fn fail(message: &str) -> ! {
    eprintln!("error: usrsctp-sys: {message}");
    process::exit(1);
}
