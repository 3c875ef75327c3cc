import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  mysqlError,
  mysqlPasswordOf,
  openMysqlSession,
  quoteMysqlIdent,
  quoteMysqlLiteral,
} from '../../src/database/dialects/mysql/session/mysql-connection.ts';
import { writeMysqlOptionFile } from '../../src/database/dialects/mysql/session/mysql-option-file.ts';
import { openPgClient, passwordOf, pgError } from '../../src/database/dialects/postgres/session/pg-connection.ts';

describe('PostgreSQL session helpers', () => {
  it('passwordOf decodes the password, none when absent or not a URL', () => {
    expect(passwordOf('postgres://app:p%40ss@db/shop')).toBe('p@ss');
    expect(passwordOf('postgres://app@db/shop')).toBeUndefined();
    expect(passwordOf('not a url')).toBeUndefined();
  });

  it('pgError joins message, detail, hint and where, the password masked', () => {
    const error = pgError(
      'Backup failed',
      { message: 'relation "x" does not exist (pw s3cr3t)', detail: 'd', hint: 'h', where: 'w' },
      'postgres://u:s3cr3t@h/db',
    );
    expect(error.message).toBe('Backup failed: relation "x" does not exist (pw ***); detail: d; hint: h; where: w');
    expect(pgError('Ctx', 'plain text', 'postgres://h/db').message).toBe('Ctx: plain text');
  });

  it('a connection refused is rethrown with the URL redacted', async () => {
    await expect(openPgClient('postgres://app:s3cr3t@127.0.0.1:1/shop')).rejects.toThrow(/^Could not connect to postgres:\/\/app:\*+@127\.0\.0\.1:1\/shop: /);
  });
});

describe('MySQL session helpers', () => {
  it('passwords, errors and quoting', async () => {
    expect(mysqlPasswordOf('mysql://root:p%40ss@h/db')).toBe('p@ss');
    expect(mysqlPasswordOf('mysql://root@h/db')).toBeUndefined();
    expect(mysqlPasswordOf('::')).toBeUndefined();
    expect(mysqlError('Ctx', 'with p@ss inside', 'mysql://root:p%40ss@h/db').message).toBe('Ctx: with *** inside');
    expect(quoteMysqlIdent('we`ird')).toBe('`we``ird`');
    expect(quoteMysqlLiteral("a'b\\c\0d\ne\rf\u001ag")).toBe("'a\\'b\\\\c\\0d\\ne\\rf\\Zg'");
    await expect(openMysqlSession('mariadb://root:s3cr3t@127.0.0.1:1/shop')).rejects.toThrow(/^Could not connect to mariadb:\/\/root:\*+@127\.0\.0\.1:1\/shop/);
  });

  it('the option file carries host, port, user and an escaped password, 0600, and is removed', async () => {
    const option = await writeMysqlOptionFile('mysql://us%22er:p%22a%5Cs%09s@[::1]/db');
    const file = option.argument.replace('--defaults-extra-file=', '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('[client]\nhost="::1"\nport=3306\nuser="us\\"er"\nprotocol=tcp\npassword="p\\"a\\\\s\\ts"\n');
    expect(option.secrets).toEqual(['p"a\\s\ts', 'p\\"a\\\\s\\ts']);
    await option.remove();
    const none = await writeMysqlOptionFile('mysql://h:3307/db');
    expect(readFileSync(none.argument.replace('--defaults-extra-file=', ''), 'utf8')).toBe('[client]\nhost="h"\nport=3307\nuser="root"\nprotocol=tcp\n');
    expect(none.secrets).toEqual([]);
    await none.remove();
  });
});
