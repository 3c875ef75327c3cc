import { describe, expect, it } from 'vitest';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { parseTargetUrl } from '../../src/database/parse-url.ts';
import { redactUrl } from '../../src/privacy/redaction/redact-url.ts';

describe('parseTargetUrl', () => {
  it('reads the three dialects', () => {
    expect(parseTargetUrl('sqlite:./app.db', '/srv')).toMatchObject({ dialect: 'sqlite', file: '/srv/app.db' });
    expect(parseTargetUrl('sqlite:///var/db/app.db')).toMatchObject({ file: '/var/db/app.db' });
    expect(parseTargetUrl('postgresql://app:pw@db.internal/shop')).toMatchObject({
      dialect: 'postgres',
      host: 'db.internal',
      port: 5432,
      database: 'shop',
      user: 'app',
    });
    expect(parseTargetUrl('mariadb://root@127.0.0.1:3307/shop')).toMatchObject({ dialect: 'mysql', port: 3307, database: 'shop' });
  });

  it('explains what is wrong, without the password', () => {
    const error = (url: string) => {
      try {
        parseTargetUrl(url);
      } catch (e) {
        return e as DihyaError;
      }
      throw new Error('no error');
    };
    expect(error('mongodb://u:hunter2@h/db').code).toBe('URL_UNSUPPORTED');
    expect(error('mongodb://u:hunter2@h/db').message).not.toContain('hunter2');
    expect(error('postgres://u:hunter2@h').message).toMatch(/no database name/);
    expect(error('postgres://u:hunter2@h').message).not.toContain('hunter2');
    expect(error('').code).toBe('URL_MISSING');
  });
});

describe('redactUrl', () => {
  it('masks passwords and secret-looking parameters', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/shop')).toBe('postgres://app:***@db:5432/shop');
    expect(redactUrl('mysql://app@db/shop?password=s3cret&ssl=true')).toBe('mysql://app@db/shop?password=***&ssl=true');
    expect(redactUrl('garbage with s3cret')).toBe('***');
    expect(redactUrl('sqlite:./x.db')).toBe('sqlite:./x.db');
  });
});
