//! Passwords as psql finds them when the URL has none: `PGPASSWORD`, then the password file
//! (`PGPASSFILE`, else `~/.pgpass`), whose lines read `host:port:database:user:password` with
//! `*` for any value and `\` escaping `:` and `\`. As libpq does, a file that others may read
//! is ignored.

use std::path::{Path, PathBuf};

/// What the connection is for: a password line must match each part.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The host name, or `localhost` for a Unix socket.
    pub host: &'a str,
    /// The port.
    pub port: u16,
    /// The database.
    pub database: &'a str,
    /// The user.
    pub user: &'a str,
}

/// The password for `target`: `PGPASSWORD`, else the first matching line of the password file.
pub fn find(target: Target<'_>) -> Option<String> {
    if let Some(p) = std::env::var_os("PGPASSWORD") {
        return Some(p.to_string_lossy().into_owned());
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    let text = private_file(&file)?;
    lookup(&text, target)
}

/// The file's text when it is a regular file only its owner may read, as libpq requires.
fn private_file(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    std::fs::read_to_string(path).ok()
}

/// The password of the first line of `text` matching `target`.
pub fn lookup(text: &str, target: Target<'_>) -> Option<String> {
    let port = target.port.to_string();
    let wanted = [target.host, &port, target.database, target.user];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let parts = split(line);
            if parts.len() < 5 {
                return None;
            }
            let matches = wanted.iter().zip(&parts).all(|(w, p)| p == "*" || p == w);
            matches.then(|| parts[4..].join(":"))
        })
}

/// A line's fields, unescaped.
fn split(line: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    parts.last_mut().expect("one part").push(next);
                }
            }
            ':' if parts.len() < 5 => parts.push(String::new()),
            c => parts.last_mut().expect("one part").push(c),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: Target<'static> = Target {
        host: "db.example",
        port: 5432,
        database: "shop",
        user: "app",
    };

    #[test]
    fn the_first_matching_line_wins_with_wildcards_and_escapes() {
        let file = "# comment\nother:5432:shop:app:no\n*:5432:shop:app:pa\\:ss\\\\word\ndb.example:*:*:*:late\n";
        assert_eq!(lookup(file, TARGET).as_deref(), Some("pa:ss\\word"));
        assert_eq!(lookup("db.example:5433:shop:app:x\n", TARGET), None);
        assert_eq!(lookup("db.example:5432:shop:app\n", TARGET), None);
    }

    #[test]
    fn a_file_others_may_read_is_ignored() {
        let dir = std::env::temp_dir().join(format!("eventctl-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(private_file(&path), None);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(private_file(&path).is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
