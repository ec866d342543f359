import { describe, expect, test } from "bun:test";
import { EgressPolicy, EgressRefused } from "./egress-guard";
import { parseIp } from "./ip";

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`test address does not parse: ${text}`);
  return parsed;
};

const refusal = (url: string, policy = EgressPolicy.publicOnly) => {
  try {
    policy.checkUrl(url);
    return null;
  } catch (error) {
    if (error instanceof EgressRefused) return error.reason;
    throw error;
  }
};

describe("checkUrl, before any lookup", () => {
  test("public addresses and host names pass (names are checked once resolved)", () => {
    expect(EgressPolicy.publicOnly.checkUrl("https://live-mt-server.wati.io/x")).toEqual({
      hostname: "live-mt-server.wati.io",
      literal: null,
    });
    expect(refusal("http://8.8.8.8:8080/")).toBeNull();
    expect(refusal("https://[2606:4700::1111]/")).toBeNull();
    expect(refusal("http://localhost/")).toBeNull();
  });

  test("loopback in every spelling the URL parser turns into 127.0.0.1 or ::1", () => {
    for (const url of [
      "http://127.0.0.1/",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0x7f000001/",
      "http://017700000001/",
      "http://127.1/",
      "http://[::1]/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:7f00:1]/",
      "http://[::ffff:0:127.0.0.1]/",
      "http://[64:ff9b::127.0.0.1]/",
    ]) {
      expect(`${url} ${refusal(url)}`).toBe(`${url} loopback`);
    }
  });

  test("the unspecified address, which Linux connects to the local host", () => {
    for (const url of [
      "http://0.0.0.0/",
      "http://0/",
      "http://[::]/",
      "http://[::ffff:0.0.0.0]/",
    ]) {
      expect(`${url} ${refusal(url)}`).toBe(`${url} unspecified`);
    }
  });

  test("metadata services by address and by name", () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://METADATA.GOOGLE.INTERNAL./",
      "http://metadata/",
    ]) {
      expect(`${url} ${refusal(url)}`).toBe(`${url} metadata`);
    }
  });

  test("private, link-local, CGNAT, multicast and reserved literals", () => {
    expect(refusal("http://10.0.0.5/")).toBe("private");
    expect(refusal("http://192.168.0.1/")).toBe("private");
    expect(refusal("http://[fd12::1]/")).toBe("private");
    expect(refusal("http://169.254.10.1/")).toBe("link_local");
    expect(refusal("http://[fe80::1]/")).toBe("link_local");
    expect(refusal("http://100.64.1.1/")).toBe("cgnat");
    expect(refusal("http://224.0.0.1/")).toBe("multicast");
    expect(refusal("http://255.255.255.255/")).toBe("broadcast");
    expect(refusal("http://240.1.1.1/")).toBe("reserved");
  });

  test("other schemes, user info and non-URLs", () => {
    expect(refusal("ftp://example.com/")).toBe("scheme");
    expect(refusal("file:///etc/passwd")).toBe("scheme");
    expect(refusal("wss://example.com/")).toBe("scheme");
    expect(refusal("https://user:pass@example.com/")).toBe("credentials");
    expect(refusal("https://token@example.com/")).toBe("credentials");
    expect(refusal("not a url")).toBe("unparseable");
  });

  test("the message says why, naming the host but no path, query or user info", () => {
    const loopback = () => EgressPolicy.publicOnly.checkUrl("http://127.0.0.1:8080/t/s3cret?k=v");
    expect(loopback).toThrow("refused to connect to 127.0.0.1:8080: it is a loopback address");
    const withUser = () => EgressPolicy.publicOnly.checkUrl("https://admin:hunter2@example.com/");
    expect(withUser).toThrow("refused the URL: the URL must not carry a user name or password");
    expect(withUser).not.toThrow(/hunter2|admin/);
  });
});

describe("ALLOW_PRIVATE_EGRESS ranges", () => {
  const lab = EgressPolicy.allowing(["127.0.0.1/32", "10.0.0.0/8", "fd00::/8", "169.254.0.0/16"]);

  test("open exactly the ranges named, in both IPv4 spellings", () => {
    expect(refusal("http://127.0.0.1/", lab)).toBeNull();
    expect(refusal("http://[::ffff:127.0.0.1]/", lab)).toBeNull();
    expect(refusal("http://127.0.0.2/", lab)).toBe("loopback");
    expect(refusal("http://10.20.30.40/", lab)).toBeNull();
    expect(refusal("http://192.168.0.1/", lab)).toBe("private");
    expect(refusal("http://[fd12::1]/", lab)).toBeNull();
    expect(refusal("http://[::1]/", lab)).toBe("loopback");
  });

  test("never open metadata services, multicast or the unspecified address", () => {
    expect(refusal("http://169.254.169.254/", lab)).toBe("metadata");
    expect(refusal("http://[fd00:ec2::254]/", lab)).toBe("metadata");
    const everything = EgressPolicy.allowing(["0.0.0.0/0", "::/0"]);
    expect(refusal("http://0.0.0.0/", everything)).toBe("unspecified");
    expect(refusal("http://224.0.0.1/", everything)).toBe("multicast");
    expect(refusal("http://169.254.169.254/", everything)).toBe("metadata");
    expect(refusal("http://10.0.0.1/", everything)).toBeNull();
  });

  test("a malformed entry is refused with the entry named", () => {
    expect(() => EgressPolicy.allowing(["10.0.0.0/8", "10.0.0.300/32"])).toThrow(
      "not an IPv4 or IPv6 CIDR: 10.0.0.300/32",
    );
  });

  test("refusalFor judges resolved addresses the same way", () => {
    expect(lab.refusalFor(ip("10.1.1.1"))).toBeNull();
    expect(lab.refusalFor(ip("172.16.0.1"))).toBe("private");
    expect(EgressPolicy.publicOnly.refusalFor(ip("93.184.215.14"))).toBeNull();
  });
});
