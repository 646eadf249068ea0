/** Which server answered: MySQL and MariaDB differ in error numbers, privileges and the process list. */
export interface ServerInfo {
  readonly flavor: 'MySQL' | 'MariaDB';
  /** "11.8.3", without the distribution's suffix. */
  readonly version: string;
}

/** From the version a connection reports (conn.serverVersion()): "11.8.3-MariaDB-deb13" or "9.7.0". */
export function serverInfo(version: string): ServerInfo {
  return { flavor: /mariadb/i.test(version) ? 'MariaDB' : 'MySQL', version: version.replace(/-.*$/, '') };
}

/** "MySQL 9.7.4", "MariaDB 11.8.3": how the banner, /readyz and the lab page name the server. */
export function serverLabel({ flavor, version }: ServerInfo): string {
  return `${flavor} ${version}`;
}
