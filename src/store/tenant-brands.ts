import type { Brand, LogoImage, LogoType } from "../domain/brand";
import { notFound } from "../domain/errors";
import type { Db } from "./db";
import { nowIso, str } from "./rows";

/** A change to a brand: a field given replaces it, null clears it, one left out stays. */
export interface BrandPatch {
  displayName?: string | null;
  primaryColor?: string | null;
  accentColor?: string | null;
  logo?: LogoImage | null;
}

/** Tenants' brands: the description on the tenant's row, the logo's bytes beside it. */
export class BrandStore {
  constructor(private readonly db: Db) {}

  /** Null when the tenant has no brand; a deleted or unknown tenant is not found. */
  async get(tenantId: string, db: Pick<Db, "execute"> = this.db): Promise<Brand | null> {
    const result = await db.execute({
      sql: "SELECT brand FROM tenants WHERE id = ? AND deleted_at IS NULL",
      args: [tenantId],
    });
    const row = result.rows[0];
    if (!row) throw notFound("tenant");
    return parseBrand(row.brand);
  }

  /**
   * The brand as it is after the change; every field null when nothing is left of it. Read and
   * written in one transaction, so the description and the stored logo always agree.
   */
  async update(tenantId: string, patch: BrandPatch): Promise<Brand> {
    const tx = await this.db.transaction("write");
    try {
      const current = await this.get(tenantId, tx);
      const { logo, ...fields } = patch;
      const next: Omit<Brand, "updatedAt"> = {
        displayName: current?.displayName ?? null,
        primaryColor: current?.primaryColor ?? null,
        accentColor: current?.accentColor ?? null,
        logo: current?.logo ?? null,
        ...fields,
      };
      const now = nowIso();
      if (logo === null) {
        next.logo = null;
        await tx.execute({ sql: "DELETE FROM tenant_logos WHERE tenant_id = ?", args: [tenantId] });
      } else if (logo) {
        const { image, ...info } = logo;
        next.logo = info;
        await tx.execute({
          sql: `INSERT INTO tenant_logos (tenant_id, content_type, sha256, image, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET content_type = excluded.content_type,
                  sha256 = excluded.sha256, image = excluded.image, updated_at = excluded.updated_at`,
          args: [tenantId, info.contentType, info.sha256, image, now],
        });
      }
      const brand: Brand = { ...next, updatedAt: now };
      const empty = Object.values(next).every((value) => value === null);
      await tx.execute({
        sql: "UPDATE tenants SET brand = ?, updated_at = ? WHERE id = ?",
        args: [empty ? null : JSON.stringify(brand), now, tenantId],
      });
      await tx.commit();
      return brand;
    } finally {
      tx.close();
    }
  }

  /** The tenant's logo with its bytes, or null when it has none. */
  async logo(tenantId: string): Promise<LogoImage | null> {
    const brand = await this.get(tenantId);
    if (!brand?.logo) return null;
    const result = await this.db.execute({
      sql: "SELECT content_type, image FROM tenant_logos WHERE tenant_id = ? AND sha256 = ?",
      args: [tenantId, brand.logo.sha256],
    });
    const row = result.rows[0];
    if (!row) return null;
    const image = row.image;
    if (!(image instanceof ArrayBuffer)) throw new Error("column image is not a blob");
    return {
      ...brand.logo,
      contentType: str(row, "content_type") as LogoType,
      image: new Uint8Array(image),
    };
  }
}

/** The brand kept in a tenant row's `brand` column. */
export function parseBrand(value: unknown): Brand | null {
  return typeof value === "string" ? (JSON.parse(value) as Brand) : null;
}
