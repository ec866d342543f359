// The tenant's brand on the demo page: its name, colours and logo, read with the call token
// (GET /v1/calls/brand), which shows that token's own tenant's brand and nothing else.
import { brandTheme } from "/static/brand-colours.js";

const PRODUCT_NAME = "Astra Voice";
let shownFor = null;
let logoUrl = null;

/** Shows the brand of the tenant whose call token this is; other keys keep the page plain. */
export async function showBrand(token) {
  if (!token.startsWith("avt_") || token === shownFor) return;
  shownFor = token;
  const headers = { authorization: `Bearer ${token}` };
  const brand = await fetch("/v1/calls/brand", { headers })
    .then((res) => (res.ok ? res.json() : null))
    .catch(() => null);
  if (!brand || shownFor !== token) return;
  paint(brand);
  const logo = brand.logo
    ? await fetch(brand.logo.url, { headers })
        .then((res) => (res.ok ? res.blob() : null))
        .catch(() => null)
    : null;
  if (shownFor === token) showLogo(logo);
}

function paint(brand) {
  const theme = brandTheme(brand.primaryColor, brand.accentColor);
  const root = document.documentElement;
  root.style.setProperty("--brand", theme.brand);
  root.style.setProperty("--on-brand", theme.onBrand);
  root.style.setProperty("--accent", theme.accent);
  // Which colours are the tenant's and which fell back to the page's for contrast.
  root.dataset.brandPrimary = theme.used.primary ? "tenant" : "default";
  root.dataset.brandAccent = theme.used.accent ? "tenant" : "default";
  const name = brand.displayName ?? PRODUCT_NAME;
  document.getElementById("brand-name").textContent = name;
  document.title = `${name} — call an agent`;
}

function showLogo(blob) {
  const img = document.getElementById("brand-logo");
  if (logoUrl) URL.revokeObjectURL(logoUrl);
  logoUrl = blob ? URL.createObjectURL(blob) : null;
  img.hidden = !logoUrl;
  if (logoUrl) img.src = logoUrl;
  else img.removeAttribute("src");
}
