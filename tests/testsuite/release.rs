//! Releases (issue 13): `scripts/install-quire.sh` against a fake release
//! served on loopback (installed and put on `GITHUB_PATH`, a tampered archive
//! refused, a missing one reported, the target guessed from `uname`), and
//! `scripts/release.sh --binary` packaging what the installer takes, without
//! compiling a release build.

use sha2::{Digest, Sha256};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const TARGET: &str = "x86_64-unknown-linux-musl";

/// The "binary" of a fake release.
const FAKE_QUIRE: &str = "#!/bin/sh\necho 'quire 9.9.9 (fake)'\n";

/// A fake release of quire 9.9.9 for `TARGET`, served on loopback.
struct FakeRelease {
    dir: tempfile::TempDir,
    /// `http://127.0.0.1:PORT`
    host: String,
}

impl FakeRelease {
    /// `v9.9.9/` holds the archive in the layout release.sh writes and its
    /// `.sha256`.
    fn new() -> FakeRelease {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("quire-9.9.9-{TARGET}");
        let stage = dir.path().join("stage");
        let folder = stage.join(&name);
        fs::create_dir_all(&folder).unwrap();
        write_executable(&folder.join("quire"), FAKE_QUIRE);
        fs::write(folder.join("README.md"), "# quire\n").unwrap();
        let release = dir.path().join("www/v9.9.9");
        fs::create_dir_all(&release).unwrap();
        let asset = release.join(format!("{name}.tar.gz"));
        let tar = Command::new("tar")
            .arg("-czf")
            .arg(&asset)
            .arg("-C")
            .arg(&stage)
            .arg(&name)
            .status()
            .unwrap();
        assert!(tar.success());
        write_checksum(&asset);
        let host = serve(dir.path().join("www"));
        FakeRelease { dir, host }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn asset(&self) -> PathBuf {
        self.path()
            .join(format!("www/v9.9.9/quire-9.9.9-{TARGET}.tar.gz"))
    }

    /// `install-quire.sh --version 9.9.9 --to <tmp>/bin` from this release.
    fn install(&self, env: &[(&str, &Path)]) -> Output {
        let base_url = format!("{}/v9.9.9", self.host);
        install("9.9.9", TARGET, &base_url, &self.bin())
            .envs(env.iter().copied())
            .output()
            .unwrap()
    }

    fn bin(&self) -> PathBuf {
        self.path().join("bin")
    }
}

/// `bash scripts/install-quire.sh ARGS`, untouched by the caller's
/// environment: under GitHub Actions it would otherwise write to the real
/// `GITHUB_PATH`, and a proxy would not reach our loopback server.
fn installer(args: &[&str]) -> Command {
    let mut command = Command::new("bash");
    command
        .arg(script("install-quire.sh"))
        .args(args)
        .env_remove("GITHUB_PATH")
        .env_remove("QUIRE_VERSION")
        .env_remove("QUIRE_INSTALL_DIR")
        .env_remove("QUIRE_BASE_URL")
        .env("no_proxy", "127.0.0.1")
        .env("NO_PROXY", "127.0.0.1");
    command
}

/// `install-quire.sh --version VERSION --target TARGET --base-url URL --to DIR`.
fn install(version: &str, target: &str, base_url: &str, to: &Path) -> Command {
    let mut command = installer(&["--version", version, "--target", target]);
    command.args(["--base-url", base_url]).arg("--to").arg(to);
    command
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

fn write_executable(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `<asset>.sha256` beside the asset, as `sha256sum` writes it.
fn write_checksum(asset: &Path) {
    let name = asset.file_name().unwrap().to_str().unwrap();
    let line = format!("{}  {name}\n", sha256_hex(&fs::read(asset).unwrap()));
    fs::write(asset.with_file_name(format!("{name}.sha256")), line).unwrap();
}

/// Serve the files under `root` over HTTP/1.1 on 127.0.0.1, one request per
/// connection, 404 for anything else; returns `http://127.0.0.1:PORT`. The
/// thread ends with the test binary.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(stream, &root);
        }
    });
    host
}

fn answer(mut stream: TcpStream, root: &Path) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    let mut line = String::new();
    let _ = reader.read_line(&mut request);
    // The headers, up to the blank line, go unread.
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
        line.clear();
    }
    let file = request
        .split(' ')
        .nth(1)
        .and_then(|path| path.strip_prefix('/'))
        .filter(|path| !path.split('/').any(|part| part == ".."))
        .and_then(|path| fs::read(root.join(path)).ok());
    let (status, body) = match file {
        Some(bytes) => ("200 OK", bytes),
        None => ("404 Not Found", b"not found\n".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn run(program: &Path) -> String {
    stdout(&Command::new(program).output().unwrap())
}

#[test]
fn installs_a_verified_release() {
    let release = FakeRelease::new();
    let output = release.install(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let installed = release.bin().join("quire");
    assert_eq!(
        stdout(&output),
        format!("installed quire 9.9.9 to {}\n", installed.display())
    );
    let mode = fs::metadata(&installed).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o755);
    assert_eq!(run(&installed), "quire 9.9.9 (fake)\n");
}

#[test]
fn adds_the_folder_to_github_path_under_actions() {
    let release = FakeRelease::new();
    let github_path = release.path().join("github_path");
    fs::write(&github_path, "/opt/earlier\n").unwrap();
    // Twice: a second install replaces the binary in place.
    for _ in 0..2 {
        let output = release.install(&[("GITHUB_PATH", &github_path)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let bin = release.bin().display().to_string();
    assert_eq!(
        fs::read_to_string(&github_path).unwrap(),
        format!("/opt/earlier\n{bin}\n{bin}\n")
    );
    assert_eq!(run(&release.bin().join("quire")), "quire 9.9.9 (fake)\n");
}

#[test]
fn refuses_an_archive_whose_checksum_does_not_match() {
    let release = FakeRelease::new();
    let mut tampered = fs::read(release.asset()).unwrap();
    tampered.extend_from_slice(b"appended by someone else");
    fs::write(release.asset(), tampered).unwrap();
    let github_path = release.path().join("github_path");
    let output = release.install(&[("GITHUB_PATH", &github_path)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "checksum mismatch for quire-9.9.9-{TARGET}.tar.gz"
        )) && message.contains("nothing installed"),
        "{message}"
    );
    assert!(!release.bin().exists(), "something was installed");
    assert!(!github_path.exists());
}

#[test]
fn reports_a_release_that_is_not_there() {
    let release = FakeRelease::new();
    let base_url = format!("{}/v9.9.8", release.host);
    let output = install("9.9.8", TARGET, &base_url, &release.bin())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let asset = format!("quire-9.9.8-{TARGET}.tar.gz");
    let expected = format!(
        "could not download {}/v9.9.8/{asset} (is quire 9.9.8 released for {TARGET}?)",
        release.host
    );
    assert!(message.contains(&expected), "{message}");
    assert!(!release.bin().exists());
}

#[test]
fn asks_for_a_version() {
    let output = installer(&[]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("pass --version X.Y.Z or set QUIRE_VERSION"),
        "{}",
        stderr(&output)
    );
}

/// The target comes from `uname -s` and `uname -m`, here a stand-in on the
/// PATH; the download that fails names it.
#[test]
fn guesses_the_target_from_uname() {
    let cases = [
        ("Linux", "x86_64", Some("x86_64-unknown-linux-musl")),
        ("Linux", "aarch64", Some("aarch64-unknown-linux-gnu")),
        ("Darwin", "x86_64", Some("x86_64-apple-darwin")),
        ("Darwin", "arm64", Some("aarch64-apple-darwin")),
        ("FreeBSD", "amd64", None),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let host = serve(tmp.path().to_path_buf());
    let fake_bin = tmp.path().join("fake-bin");
    fs::create_dir(&fake_bin).unwrap();
    let uname =
        "#!/bin/sh\ncase \"$1\" in -s) echo \"$FAKE_OS\" ;; *) echo \"$FAKE_ARCH\" ;; esac\n";
    write_executable(&fake_bin.join("uname"), uname);
    let path = format!(
        "{}:{}",
        fake_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (os, arch, target) in cases {
        let output = installer(&["--version", "1.0.0", "--base-url", &host])
            .arg("--to")
            .arg(tmp.path().join("bin"))
            .env("PATH", &path)
            .env("FAKE_OS", os)
            .env("FAKE_ARCH", arch)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let message = stderr(&output);
        let expected = match target {
            Some(target) => format!("released for {target}?"),
            None => format!("no quire release for {os} on {arch}"),
        };
        assert!(message.contains(&expected), "{os} {arch}: {message}");
    }
}

/// `release.sh --binary` on a stand-in binary written in `dir`: the archive
/// in `dir/dist/` (its `.sha256` beside it) and the folder name inside.
fn package(dir: &Path, target: &str) -> (PathBuf, String) {
    let binary = dir.join("built-quire");
    write_executable(&binary, FAKE_QUIRE);
    let out = dir.join("dist");
    let output = Command::new("bash")
        .arg(script("release.sh"))
        .arg("--binary")
        .arg(&binary)
        .args(["--target", target])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = format!("quire-{}-{target}", env!("CARGO_PKG_VERSION"));
    let asset = out.join(if target.contains("windows") {
        format!("{name}.zip")
    } else {
        format!("{name}.tar.gz")
    });
    assert_eq!(stdout(&output), format!("{}\n", asset.display()));
    (asset, name)
}

/// The documents a release carries: those of the repository that exist.
fn packaged_documents() -> Vec<&'static str> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["CHANGELOG.md", "LICENSE", "README.md"]
        .into_iter()
        .filter(|doc| repo.join(doc).is_file())
        .collect()
}

fn listing(command: &mut Command) -> Vec<String> {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let mut entries: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    entries.sort();
    entries
}

#[test]
fn release_sh_packages_what_the_installer_installs() {
    let tmp = tempfile::tempdir().unwrap();
    let (asset, name) = package(tmp.path(), TARGET);
    let out = tmp.path().join("dist");

    let mut expected = vec![format!("{name}/"), format!("{name}/quire")];
    expected.extend(
        packaged_documents()
            .iter()
            .map(|doc| format!("{name}/{doc}")),
    );
    expected.sort();
    assert_eq!(
        listing(Command::new("tar").arg("-tzf").arg(&asset)),
        expected
    );

    let asset_name = asset.file_name().unwrap().to_str().unwrap();
    let checksum = fs::read_to_string(out.join(format!("{asset_name}.sha256"))).unwrap();
    let hex = sha256_hex(&fs::read(&asset).unwrap());
    assert_eq!(checksum, format!("{hex}  {asset_name}\n"));
    let check = Command::new("sha256sum")
        .args(["-c", &format!("{asset_name}.sha256")])
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));

    let host = serve(out.clone());
    let bin = tmp.path().join("bin");
    let output = install(env!("CARGO_PKG_VERSION"), TARGET, &host, &bin)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(run(&bin.join("quire")), "quire 9.9.9 (fake)\n");
}

/// Windows targets get a zip holding `quire.exe`, and the installer takes it.
#[test]
fn release_sh_zips_windows_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let target = "x86_64-pc-windows-msvc";
    let (asset, name) = package(tmp.path(), target);
    let listed = listing(Command::new("unzip").arg("-Z1").arg(&asset));
    assert!(listed.contains(&format!("{name}/quire.exe")), "{listed:?}");

    let host = serve(tmp.path().join("dist"));
    let bin = tmp.path().join("bin");
    let output = install(env!("CARGO_PKG_VERSION"), target, &host, &bin)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(bin.join("quire.exe")).unwrap(),
        FAKE_QUIRE
    );
}

/// The release workflow refuses a tag whose version has no CHANGELOG
/// section; the version in Cargo.toml must always have one.
#[test]
fn the_changelog_has_a_section_for_this_version() {
    let changelog =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("CHANGELOG.md"))
            .unwrap();
    let heading = format!("## [{}] - ", env!("CARGO_PKG_VERSION"));
    let line = changelog
        .lines()
        .find(|l| l.starts_with(&heading))
        .unwrap_or_else(|| panic!("CHANGELOG.md has no `{heading}YYYY-MM-DD` section"));
    let date = &line[heading.len()..];
    assert!(
        quire::content::dates::parse_iso(date).is_some(),
        "`{line}`: the date must be YYYY-MM-DD"
    );
    assert!(changelog.contains("## [Unreleased]"));
}
