// The last good bundle of every org, on disk, so a proxy restarted while the control plane is
// down still enforces (DESIGN.md "Policy distribution"). Written atomically (temp file +
// rename): a crash mid-write leaves the previous good file, never half a bundle.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnforcementBundle } from "@gatehouse/shared";
import { z } from "zod";

const Stored = z.object({ etag: z.string(), bundle: EnforcementBundle });
export type StoredBundle = z.infer<typeof Stored>;

const PREFIX = "bundle-";

function fileFor(dir: string, orgId: string): string {
  return join(dir, `${PREFIX}${encodeURIComponent(orgId)}.json`);
}

export class BundleDisk {
  constructor(private readonly dir: string) {}

  async save(stored: StoredBundle): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = fileFor(this.dir, stored.bundle.orgId);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    // The bundle holds token hashes and encrypted credentials: owner-only.
    await writeFile(temp, JSON.stringify(stored), { mode: 0o600 });
    await rename(temp, file);
  }

  async remove(orgId: string): Promise<void> {
    await rm(fileFor(this.dir, orgId), { force: true });
  }

  /** Every readable stored bundle; unreadable files are reported, not fatal. */
  async loadAll(onError: (file: string, error: unknown) => void): Promise<StoredBundle[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: StoredBundle[] = [];
    for (const name of names) {
      if (!name.startsWith(PREFIX) || !name.endsWith(".json")) continue;
      try {
        out.push(Stored.parse(JSON.parse(await readFile(join(this.dir, name), "utf8"))));
      } catch (error) {
        onError(name, error);
      }
    }
    return out;
  }
}
