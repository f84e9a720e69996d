//! A throwaway PostgreSQL server for the store tests: `initdb` and `pg_ctl` in a temporary
//! folder, on a free port, as the `postgres` user when run as root, with a password. Without
//! PostgreSQL the tests skip with one line; with `EVENTCTL_POSTGRES=required` (as `.ci/run`
//! sets, after installing Debian's `postgresql`) a missing server fails them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const INSTALL: &str =
    "install PostgreSQL (apt-get install postgresql), then set EVENTCTL_POSTGRES=required";

/// The database's superuser and its password.
pub const USER: &str = "eventctl";
pub const PASSWORD: &str = "s3cret-pw";

/// A running server, stopped and removed when dropped.
pub struct Server {
    dir: PathBuf,
    bin: PathBuf,
    /// `runuser` and the user the server runs as, when run as root.
    owner: Option<(PathBuf, String)>,
    pub port: u16,
}

/// The folder holding `initdb` and `pg_ctl`: the PATH, else Debian's versioned folder.
fn binaries() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(dir) = std::env::split_paths(&path)
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
    {
        return Some(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

/// A server for `test`, or `None` (after saying so) when PostgreSQL is not installed and not
/// required.
pub fn server(test: &str) -> Option<Server> {
    let required = std::env::var("EVENTCTL_POSTGRES").is_ok_and(|v| v == "required");
    // PostgreSQL refuses to run as root: as root, the server runs as `postgres` (or `nobody`)
    // through runuser.
    let runner = match is_root() {
        true => crate::support::tool("runuser")
            .zip(["postgres", "nobody"].into_iter().find_map(uid))
            .map(Some),
        false => Some(None),
    };
    let missing = match (binaries(), runner) {
        (None, _) => Err("PostgreSQL's initdb is not on the PATH or in /usr/lib/postgresql"),
        (_, None) => Err("run as root, it needs runuser and a `postgres` or `nobody` user"),
        (Some(bin), Some(runner)) => Ok((bin, runner)),
    };
    match missing {
        Ok((bin, runner)) => Some(Server::start(test, bin, runner)),
        Err(why) => {
            assert!(!required, "{test}: {why}; {INSTALL}");
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: it needs PostgreSQL ({why}); {INSTALL}"
            );
            None
        }
    }
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A user's name and id, from /etc/passwd.
fn uid(name: &str) -> Option<(String, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let parts: Vec<&str> = l.split(':').collect();
        if parts.first() != Some(&name) {
            return None;
        }
        Some((name.to_string(), parts.get(2)?.parse().ok()?))
    })
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

impl Server {
    fn start(test: &str, bin: PathBuf, runner: Option<(PathBuf, (String, u32))>) -> Server {
        let dir = std::env::temp_dir().join(format!("eventctl-pg-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("server folder");
        let pwfile = dir.join("pwfile");
        std::fs::write(&pwfile, PASSWORD).expect("password file");
        let owner = runner.map(|(runuser, (user, id))| {
            for path in [&dir, &pwfile] {
                std::os::unix::fs::chown(path, Some(id), None).expect("chown");
            }
            (runuser, user)
        });
        let server = Server {
            dir,
            bin,
            owner,
            port: free_port(),
        };
        let data = server.dir.join("data");
        server.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                USER.as_ref(),
                "--auth=scram-sha-256".as_ref(),
                "--pwfile".as_ref(),
                pwfile.as_os_str(),
                "--encoding=UTF8".as_ref(),
                "--no-sync".as_ref(),
            ],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            server.port,
            server.dir.display()
        );
        let log = server.dir.join("log");
        server.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-o".as_ref(),
                options.as_ref(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "start".as_ref(),
            ],
        );
        server
    }

    /// One of the server's programs, run as its owner.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        match &self.owner {
            Some((runuser, user)) => {
                let mut c = Command::new(runuser);
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        }
    }

    /// Runs one of the server's programs, as its owner.
    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) {
        let out = self
            .command(program)
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{program} runs: {e}"));
        assert!(
            out.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A URL for database `postgres`, with the password or without.
    pub fn url(&self, with_password: bool) -> String {
        match with_password {
            true => format!(
                "postgres://{USER}:{PASSWORD}@127.0.0.1:{}/postgres?sslmode=disable",
                self.port
            ),
            false => format!(
                "postgres://{USER}@127.0.0.1:{}/postgres?sslmode=disable",
                self.port
            ),
        }
    }

    /// A client, for loading tables.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url(true), postgres::NoTls).expect("connects")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
