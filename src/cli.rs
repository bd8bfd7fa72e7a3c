//! The command line, declared with clap; doc comments are the help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The version and the commit it was built from.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("QUIRE_COMMIT"), ")");

/// quire: GitBook-style Markdown spaces → a static documentation site.
#[derive(Debug, Parser)]
#[command(name = "quire", version = VERSION, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Build the site in memory, serve it, and rebuild and reload the browser on every change.
    Serve(ServeArgs),
    /// Build in memory, write nothing, and report broken links and other
    /// findings; exit 1 when there are errors.
    Check(CheckArgs),
    /// Start a knowledge base in DIR, or adopt a GitBook export there with
    /// --from-gitbook. Changes nothing when a file would be overwritten.
    Init(InitArgs),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Write the manual pages (roff): quire(1) on stdout, or every page into a folder.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start in; created if missing.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
    /// DIR holds a GitBook export (.gitbook.yaml, SUMMARY.md): write only
    /// quire.yaml for it, leaving the pages where they are.
    #[arg(long)]
    pub from_gitbook: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write quire.1 and a page per subcommand (quire-build.1, …) into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Where the site comes from and where it goes.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// A project folder (with quire.yaml) or a GitBook space.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Configuration file to use instead of DIR/quire.yaml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Public URL of the site (links stay relative; used for canonical URLs).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl SiteArgs {
    /// The build's view of these arguments, writing to `out` (`--out`).
    pub fn overrides(self, out: Option<PathBuf>) -> crate::config::Overrides {
        crate::config::Overrides {
            dir: self.dir,
            out,
            config: self.config,
            base_url: self.base_url,
            bare: false,
        }
    }
}

/// How much to say on stderr.
#[derive(Debug, Args, Clone, Copy)]
pub struct Verbosity {
    /// Print errors only: no warnings, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print progress and timings of each stage.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder, relative to the working directory [default: DIR/output].
    #[arg(long, short, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Exit 1 on whatever `quire check` fails on, shown as errors; the site
    /// is still written.
    #[arg(long)]
    pub strict: bool,
    /// While another build writes the same output, wait this many seconds
    /// for it before giving up (exit 2).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub wait_timeout: u64,
    /// Give up at once (exit 2) when another build writes the same output.
    #[arg(long, conflicts_with = "wait_timeout")]
    pub no_wait: bool,
    #[command(flatten)]
    pub verbosity: Verbosity,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on; 0 picks a free one (the URL printed names it).
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. The default answers this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Serve the site under this path, as an internal host would (`/kb/`).
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub base_path: String,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Scan for changes instead of using the system's file events (network
    /// drives, some containers).
    #[arg(long)]
    pub poll: bool,
    #[command(flatten)]
    pub verbosity: Verbosity,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// How to print findings: lines for people, GitHub Actions annotations,
    /// or a JSON array on stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    #[command(flatten)]
    pub verbosity: Verbosity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Github,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn completions_help_names_every_shell() {
        use clap::ValueEnum;
        let command = Cli::command();
        let about = command
            .find_subcommand("completions")
            .and_then(|c| c.get_about())
            .unwrap()
            .to_string();
        for shell in clap_complete::Shell::value_variants() {
            let name = shell.to_possible_value().unwrap().get_name().to_string();
            assert!(about.contains(&name), "{name} missing from {about:?}");
        }
    }

    #[test]
    fn version_names_the_commit() {
        let version = Cli::command().get_version().unwrap().to_string();
        assert!(version.starts_with(env!("CARGO_PKG_VERSION")), "{version}");
        assert!(
            version.ends_with(')') && version.contains(" ("),
            "{version}"
        );
    }

    #[test]
    fn build_defaults_to_current_folder() {
        let cli = Cli::parse_from(["quire", "build"]);
        let Command::Build(args) = cli.command else {
            panic!("not build: {cli:?}");
        };
        assert_eq!(args.site.dir, PathBuf::from("."));
        assert!(args.out.is_none());
    }

    #[test]
    fn serve_defaults_to_loopback_port_3000() {
        let cli = Cli::parse_from(["quire", "serve"]);
        let Command::Serve(args) = cli.command else {
            panic!("not serve: {cli:?}");
        };
        assert_eq!(args.host, "127.0.0.1");
        assert_eq!(args.port, 3000);
        assert_eq!(args.base_path, "/");
        assert!(!args.open && !args.poll);
        let cli = Cli::parse_from([
            "quire",
            "serve",
            "docs",
            "--port",
            "0",
            "--base-path",
            "/kb/",
        ]);
        let Command::Serve(args) = cli.command else {
            panic!("not serve: {cli:?}");
        };
        assert_eq!(args.site.dir, PathBuf::from("docs"));
        assert_eq!((args.port, args.base_path.as_str()), (0, "/kb/"));
    }
}
