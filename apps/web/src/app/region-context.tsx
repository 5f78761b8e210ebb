import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { isWithinScope } from '@jiuye/domain/region/region-code.ts';
import { useCurrentUser } from './session.tsx';

interface RegionContextValue {
  /** The region the user works in now: the default region filter of every list page. */
  regionCode: string;
  setRegionCode: (code: string) => void;
  /** The user's view scope, which bounds every choice. */
  viewScope: string[];
}

const RegionContext = createContext<RegionContextValue | undefined>(undefined);

const storageKey = (userId: number) => `jiuye.region.${userId}`;

/** Holds the working region chosen in the header, kept per user for the browser tab. */
export function RegionProvider({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const viewScope = user.viewScope;
  const [selected, setSelected] = useState<string | undefined>(() => {
    const stored = sessionStorage.getItem(storageKey(user.id)) ?? undefined;
    return stored && isWithinScope(stored, viewScope) ? stored : undefined;
  });
  const regionCode = selected && isWithinScope(selected, viewScope) ? selected : (viewScope[0] ?? '');

  const setRegionCode = useCallback(
    (code: string) => {
      if (!isWithinScope(code, viewScope)) return;
      sessionStorage.setItem(storageKey(user.id), code);
      setSelected(code);
    },
    [user.id, viewScope],
  );

  const value = useMemo(
    () => ({ regionCode, setRegionCode, viewScope }),
    [regionCode, setRegionCode, viewScope],
  );
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

export function useWorkingRegion(): RegionContextValue {
  const value = useContext(RegionContext);
  if (!value) throw new Error('useWorkingRegion outside RegionProvider');
  return value;
}
