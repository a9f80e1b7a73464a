import { templateJson } from '../../data';

export type Variant = 'apache' | 'fpm' | 'cli' | 'zts';

export interface PhpData {
  images: string[];
  variants: Variant[];
  workdir: Record<Variant, string>;
  defaultCodename: string;
  runtime: {
    shell: boolean;
    users: string[];
    path: string;
    ships: string[];
    shipsDebian: string[];
    sizeMB: Record<Variant | 'alpine', number>;
  };
  commands: { all: string[]; debian: string[]; apache: string[]; fpm: string[] };
  extensionDir: string;
  configFiles: string[];
  configVariables: Record<string, string>;
  apacheTools: string[];
  extensionTools: string[];
  extensionInstallers: string[];
  composerWrites: string[];
  assetTools: string[];
  nodePackages: string[];
  buildPackages: string[];
  extensionApi: Record<string, string>;
}

export const phpData = (): PhpData => templateJson<PhpData>('php.json');

/** What the FROM image says about PHP. */
export interface PhpImage {
  variant: Variant;
  alpine: boolean;
  /** Debian release (named by the tag, or the default of an unnamed one); null on Alpine. */
  codename: string | null;
  /** True when the tag names the Debian release itself. */
  codenamePinned: boolean;
  /** True when the release comes from where the tag is published (data/tag-releases.json). */
  codenamePublished: boolean;
  /** The image the runtime stage starts from: the builder's own. */
  runtime: string;
}
