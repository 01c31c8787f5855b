import '@testing-library/jest-dom/vitest';
import { afterEach, vi } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import '../i18n';

// findBy*/waitFor: allow for a slow first antd render under load.
configure({ asyncUtilTimeout: 5000 });

// Tests in the node environment (the bundle budget) need none of the DOM stubs below.
if (typeof window !== 'undefined') {
  // antd's responsive helpers need matchMedia, and its Table/Select observe sizes; jsdom has neither.
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: vi.fn().mockImplementation((query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: vi.fn(),
        removeListener: vi.fn(),
        addEventListener: vi.fn(),
        removeEventListener: vi.fn(),
        dispatchEvent: vi.fn(),
      })),
    });
  }

  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
    Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  }

  // jsdom does not implement getComputedStyle for pseudo-elements (antd measures the scrollbar with it).
  const realGetComputedStyle = window.getComputedStyle.bind(window);
  window.getComputedStyle = (elt: Element, pseudoElt?: string | null) =>
    realGetComputedStyle(elt, pseudoElt ? undefined : pseudoElt);

  afterEach(() => {
    cleanup();
    window.localStorage.clear();
  });
}
