/**
 * When a pod counts as crashing (`isCrashing`): a container, init or main, that restarted at least
 * once and is now down (not ready) or waiting in CrashLoopBackOff. A container that never restarted
 * is starting, not crashing; one that restarted and runs ready again has recovered. `wait` fetches
 * the previous log of exactly these pods.
 */
import { isCrashing } from '../../cli/conditions';
import type { Pod } from '../../cli/kube-types';

type ContainerStatus = NonNullable<NonNullable<Pod['status']>['containerStatuses']>[number];

/** A container status: `restarts` restarts, ready or not, waiting for `waiting` (running when undefined). */
function container(name: string, restarts: number, ready: boolean, waiting?: string): ContainerStatus {
  return {
    name,
    image: 'mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.0.6',
    imageID: '',
    restartCount: restarts,
    ready,
    state: waiting ? { waiting: { reason: waiting } } : { running: { startedAt: '2026-11-26T09:20:00Z' } },
  };
}

function pod(containers: ContainerStatus[], init: ContainerStatus[] = []): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn', namespace: 'pets' },
    status: { phase: 'Running', containerStatuses: containers, ...(init.length > 0 ? { initContainerStatuses: init } : {}) },
  };
}

describe('a pod with one container', () => {
  test.each([
    ['never restarted, running and ready', 0, true, undefined, false],
    ['never restarted, not ready yet', 0, false, undefined, false],
    ['never restarted, waiting in CrashLoopBackOff', 0, false, 'CrashLoopBackOff', false],
    ['restarted once, in CrashLoopBackOff', 1, false, 'CrashLoopBackOff', true],
    ['restarted six times, in CrashLoopBackOff', 6, false, 'CrashLoopBackOff', true],
    ['restarted, in CrashLoopBackOff, ready still reported', 3, true, 'CrashLoopBackOff', true],
    ['restarted, running again but not ready (down)', 2, false, undefined, true],
    ['restarted, waiting for another reason, not ready', 1, false, 'ContainerCreating', true],
    ['restarted, running and ready again: recovered', 4, true, undefined, false],
    ['restarted, waiting for another reason, ready still reported', 1, true, 'ContainerCreating', false],
  ])('%s: crashing %s', (_, restarts, ready, waiting, crashing) => {
    expect(isCrashing(pod([container('falcon-7b-instruct', restarts, ready, waiting)]))).toBe(crashing);
  });

  test('a pod without any container status is not crashing', () => {
    expect(isCrashing({ apiVersion: 'v1', kind: 'Pod' })).toBe(false);
    expect(isCrashing(pod([]))).toBe(false);
  });
});

describe('a pod with several containers: one crashing container is enough', () => {
  const fine = container('sidecar', 0, true);
  const recovered = container('sidecar', 3, true);
  const crashing = container('falcon-7b-instruct', 6, false, 'CrashLoopBackOff');

  test.each([
    ['the second of two main containers', pod([fine, crashing]), true],
    ['the first of two main containers', pod([crashing, recovered]), true],
    [
      'an init container, the main one never started',
      pod([container('falcon-7b-instruct', 0, false, 'PodInitializing')], [crashing]),
      true,
    ],
    ['none: one fine, one recovered', pod([fine, recovered]), false],
    ['none: a recovered init container, a fine main one', pod([fine], [recovered]), false],
  ])('%s: crashing %s', (_, p, expected) => {
    expect(isCrashing(p)).toBe(expected);
  });
});
