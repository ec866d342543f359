import { expect, test } from "bun:test";
import { answerVerifyHandshake } from "./verify-handshake";

const query = (token: string, mode = "subscribe", challenge = "1158201444") =>
  new URLSearchParams({ "hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge });

test("echoes the challenge when the verify token matches", () => {
  expect(answerVerifyHandshake(query("my-verify-token"), "my-verify-token")).toEqual({
    ok: true,
    challenge: "1158201444",
  });
  const plain = { "hub.mode": "subscribe", "hub.verify_token": "t", "hub.challenge": "42" };
  expect(answerVerifyHandshake(plain, "t")).toEqual({ ok: true, challenge: "42" });
});

test("refuses a wrong token, including a prefix of the right one", () => {
  expect(answerVerifyHandshake(query("wrong"), "my-verify-token")).toEqual({
    ok: false,
    reason: "token_mismatch",
  });
  expect(answerVerifyHandshake(query("my-verify"), "my-verify-token")).toMatchObject({ ok: false });
  expect(answerVerifyHandshake(query(""), "my-verify-token")).toMatchObject({ ok: false });
});

test("refuses a mode other than subscribe", () => {
  expect(answerVerifyHandshake(query("t", "unsubscribe"), "t")).toEqual({
    ok: false,
    reason: "not_subscribe",
  });
});

test("refuses when no verify token is configured, whatever is sent", () => {
  expect(answerVerifyHandshake(query(""), undefined)).toEqual({
    ok: false,
    reason: "no_token_configured",
  });
  expect(answerVerifyHandshake(query(""), "")).toMatchObject({ ok: false });
});

test("refuses a missing or odd challenge instead of echoing it", () => {
  expect(answerVerifyHandshake(query("t", "subscribe", ""), "t")).toEqual({
    ok: false,
    reason: "missing_challenge",
  });
  expect(answerVerifyHandshake(query("t", "subscribe", "<script>x</script> y"), "t")).toMatchObject(
    {
      ok: false,
    },
  );
  expect(answerVerifyHandshake(query("t", "subscribe", "9".repeat(300)), "t")).toMatchObject({
    ok: false,
  });
});
