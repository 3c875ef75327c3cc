import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestProject {
  dir: string;
  migrationsDir: string;
  write(fileName: string, content: string): string;
  remove(fileName: string): void;
  cleanup(): void;
}

/** A temp project folder with a `migrations/` folder holding the given files. */
export function createProject(migrations: Record<string, string> = {}): TestProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-project-'));
  const migrationsDir = path.join(dir, 'migrations');
  mkdirSync(migrationsDir);
  const project: TestProject = {
    dir,
    migrationsDir,
    write(fileName, content) {
      const file = path.join(migrationsDir, fileName);
      writeFileSync(file, content);
      return file;
    },
    remove(fileName) {
      unlinkSync(path.join(migrationsDir, fileName));
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [name, content] of Object.entries(migrations)) project.write(name, content);
  return project;
}
