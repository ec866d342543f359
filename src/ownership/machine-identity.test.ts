import { expect, test } from "bun:test";
import { machineIdentity } from "./machine-identity";

test("Fly's machine id and region win; MACHINE_ID names a machine elsewhere", () => {
  expect(machineIdentity({ FLY_MACHINE_ID: "3d8d9", FLY_REGION: "ams", MACHINE_ID: "x" })).toEqual({
    id: "3d8d9",
    region: "ams",
    onFly: true,
  });
  expect(machineIdentity({ MACHINE_ID: "gateway-a" })).toEqual({
    id: "gateway-a",
    region: null,
    onFly: false,
  });
});

test("without either, one generated id for the whole process", () => {
  const first = machineIdentity({});
  expect(first.id).toMatch(/^local-[0-9a-f]{12}$/);
  expect(machineIdentity({ MACHINE_ID: "has a space" }).id).toBe(first.id);
});
