import { describe, expect, it } from "vitest";
import { HostAllowList, normalizeOrigin, originAllowed } from "./origin-check.ts";

describe("origins", () => {
  it("normalises what browsers send and refuses what is not an origin", () => {
    expect(normalizeOrigin("https://App.Example.com")).toBe("https://app.example.com");
    expect(normalizeOrigin("https://app.example.com:443")).toBe("https://app.example.com");
    expect(normalizeOrigin("http://localhost:5173")).toBe("http://localhost:5173");
    for (const bad of ["null", "", "*", "file://", "https://a.example/x", "https://u:p@a.example", "javascript:alert(1)"]) expect(normalizeOrigin(bad)).toBeNull();
  });

  it("allows only listed origins, exactly (scheme, host and port)", () => {
    const allowed = ["https://app.example.com", "http://localhost:5173"];
    expect(originAllowed("https://app.example.com", allowed)).toBe(true);
    expect(originAllowed("http://app.example.com", allowed)).toBe(false);
    expect(originAllowed("https://app.example.com.evil.example", allowed)).toBe(false);
    expect(originAllowed("http://localhost:5174", allowed)).toBe(false);
    expect(originAllowed("https://app.example.com", undefined)).toBe(false);
    expect(originAllowed("https://app.example.com", [])).toBe(false);
  });
});

describe("HostAllowList", () => {
  it("answers to the loopback names on a loopback listener by default", () => {
    const hosts = new HostAllowList(null, "127.0.0.1");
    for (const ok of ["localhost:4000", "127.0.0.1:4000", "[::1]:4000", "LOCALHOST"]) expect(hosts.allows(ok)).toBe(true);
    for (const bad of ["evil.example", "evil.example:4000", "localhost.evil.example", undefined, ""]) expect(hosts.allows(bad)).toBe(false);
  });

  it("checks nothing on a non-loopback listener without a list, and the list when given", () => {
    expect(new HostAllowList(null, "0.0.0.0").allows("anything.example")).toBe(true);
    const listed = new HostAllowList(["proxy.example.com", "gw.example.com:8443"], "0.0.0.0");
    expect(listed.allows("proxy.example.com:443")).toBe(true);
    expect(listed.allows("gw.example.com:8443")).toBe(true);
    expect(listed.allows("gw.example.com:9000")).toBe(false);
    expect(listed.allows("evil.example")).toBe(false);
  });
});
