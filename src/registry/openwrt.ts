/**
 * Pure reads of OpenWrt's own ubus objects (procd, netifd, rpcd, iwinfo, luci-rpc…), which no SecuBox subsystem
 * declares: `secubox ubus call system board --all` runs at once, like a registry read. A small, conservative list:
 * only methods that read (no `iwinfo scan`, no `file exec`, nothing of `session`); anything else of these objects
 * (e.g. `system reboot`, `uci set`, `rc init`) is not here, so it is confirmed like any undeclared method.
 * Object names ending in `.*` match one level of instances (`network.interface.lan`, `hostapd.wlan0`).
 */
export const OPENWRT_READS: Readonly<Record<string, readonly string[]>> = {
  system: ['board', 'info'],
  service: ['list', 'get_data'],
  'network.interface': ['dump'],
  'network.interface.*': ['status', 'dump'],
  'network.device': ['status'],
  'network.wireless': ['status'],
  uci: ['configs', 'get', 'state', 'changes'],
  iwinfo: ['devices', 'info', 'assoclist', 'freqlist', 'txpowerlist', 'countrylist'],
  'luci-rpc': ['getBoardJSON', 'getDHCPLeases', 'getHostHints', 'getNetworkDevices', 'getWirelessDevices'],
  luci: ['getVersion', 'getFeatures', 'getInitList', 'getLocaltime', 'getTimezones'],
  dhcp: ['ipv4leases', 'ipv6leases'],
  'hostapd.*': ['get_clients', 'get_status'],
  rc: ['list'],
  log: ['read'],
  file: ['list', 'stat', 'lstat', 'read', 'md5'],
};

/** True when `object method` is one of OpenWrt's own pure reads above. */
export function isOpenWrtRead(object: string, method: string): boolean {
  const dot = object.lastIndexOf('.');
  const wildcard = dot > 0 ? `${object.slice(0, dot)}.*` : undefined;
  return Boolean(OPENWRT_READS[object]?.includes(method) || (wildcard && OPENWRT_READS[wildcard]?.includes(method)));
}
