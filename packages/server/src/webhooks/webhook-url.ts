import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { invalidArgument } from '@slipway/core';

/**
 * Where webhooks may point. Cloud metadata and link-local addresses are always refused (a webhook
 * there would hand instance credentials to whoever can read the receiver's logs); loopback and
 * private networks only when allowed (receivers inside the cluster are common, so the server
 * allows them unless configured otherwise).
 */
export interface WebhookUrlPolicy {
  allowPrivateNetworks: boolean;
}

const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6');
ALWAYS_REFUSED.addAddress('::', 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data']);

/** Why an address may not be called, or undefined when it may. */
export function refusedAddress(address: string, policy: WebhookUrlPolicy): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address)?.[1];
  const ip = mapped ?? address;
  const kind = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (ALWAYS_REFUSED.check(ip, kind)) return `${address} is a link-local or metadata address`;
  if (!policy.allowPrivateNetworks && PRIVATE.check(ip, kind)) {
    return `${address} is a loopback or private address, and this server does not allow them`;
  }
  return undefined;
}

/** Checks a webhook URL as given (scheme and literal host); DNS is checked at delivery. */
export function checkWebhookUrl(url: string, policy: WebhookUrlPolicy): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument(`Invalid webhook URL '${url}': it is not an absolute URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidArgument(
      `Invalid webhook URL scheme '${parsed.protocol.replace(/:$/u, '')}': use http or https.`,
    );
  }
  const host = parsed.hostname.replace(/^\[|\]$/gu, '').toLowerCase();
  if (METADATA_HOSTS.has(host)) {
    throw invalidArgument(`Invalid webhook URL '${url}': ${host} is a cloud metadata service.`);
  }
  if (isIP(host) !== 0) {
    const reason = refusedAddress(host, policy);
    if (reason !== undefined) throw invalidArgument(`Invalid webhook URL '${url}': ${reason}.`);
  }
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that refuses what the policy refuses, so the address checked is the
 * address connected to (a name re-resolved between a check and the request could differ).
 */
export function guardedLookup(policy: WebhookUrlPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const reason = refusedAddress(address, policy);
        if (reason !== undefined) {
          return callback(
            Object.assign(new Error(`Refused webhook address: ${reason}.`), { code: 'EREFUSED' }),
            [],
          );
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined) return callback(new Error(`No address for ${hostname}.`), []);
      return callback(null, first.address, first.family);
    });
  };
}
