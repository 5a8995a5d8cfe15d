// Plans shared by the calculator tests.

/** The plan shape given in issue 6, verbatim: these keys must keep working. */
export const ISSUE_PLAN = {
  cameras: [{ id: 'main', count: 200, bitrate: '4 Mbps', fps: 15, resolution: '1920x1080', codec: 'h264', duty: { continuous: '1' } }],
  node: { maxCameras: 40, capexUsd: 5000, watts: 200 },
  redundancy: { policy: 'ratio', ratio: '20%' },
  tiers: [
    { name: 'hot', fromDay: 0, toDay: 3, keep: 'continuous', media: { kind: 'in-node' } },
    { name: 'warm', fromDay: 3, toDay: 30, keep: 'continuous', media: { kind: 'raid', disk: '10 TB', groupSize: 10, parity: 2, fillTarget: '90%', capexPerTBUsd: 30 } },
    { name: 'cold', fromDay: 30, toDay: 365, keep: 'continuous', transcodeFactor: '1', media: { kind: 'object', pricePerTBMonthUsd: 4 } },
  ],
  cost: { amortMonths: 36, hoursPerMonth: 720, usdPerKWh: '0.12', fixedMonthlyUsd: [{ name: 'bandwidth', usd: 500 }, { name: 'ops', usd: 3000 }] },
};
