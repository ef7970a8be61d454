import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { assertOrgRole, hasOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { StorageAdapter, STORED_NAME } from '../../infra/storage/storage.js';
import type { UploadedImageDto } from './authoring.dto.js';
import { CONTENT_TYPE_BY_EXTENSION, detectImageType } from './image-type.js';
import type { StorageUsageDto } from './uploads.dto.js';
import { UploadsRepository, type StorageOwner } from './uploads.repository.js';
import { CoursesErrors } from './courses.errors.js';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** What the upload interceptor hands over for one uploaded file (memory storage, multer's shape). */
export interface UploadedFile {
  buffer: Buffer;
  size: number;
  originalname?: string;
  mimetype?: string;
}

const MB = 1024 * 1024;
/** "1.9 MB" for messages. */
export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;

/**
 * Images for lessons, and the storage quota they count against. Every upload is charged to one
 * owner: the organisation it is for (a trainer or org admin uploads for an organisation they
 * author in), or the platform's allowance (platform admins, for public courses). An upload that
 * would take its owner over the quota is refused with 413 STORAGE_QUOTA_EXCEEDED before anything
 * is written.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly repository: UploadsRepository,
    private readonly memberships: MembershipReader,
    private readonly storage: StorageAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private quotaOf(owner: StorageOwner): number {
    return owner === null ? this.config.storage.platformQuotaBytes : this.config.storage.organisationQuotaBytes;
  }

  /**
   * Whose quota the actor's upload counts against. With organisationId: that organisation, if
   * the actor may author there (non-members 404, learners 403). Without: the platform for
   * platform admins, else the one organisation the actor authors in (several: say which).
   */
  async chargeTo(actor: Actor, organisationId: string | undefined): Promise<StorageOwner> {
    if (organisationId) {
      if (actor.isPlatformAdmin) {
        if (!(await this.repository.organisationExists(organisationId))) throw DomainError.notFound('Organisation');
        return organisationId;
      }
      assertOrgRole(
        await this.memberships.roleOf(actor.userId, organisationId),
        'trainer',
        'Only trainers and org admins may upload images for this organisation',
      );
      return organisationId;
    }
    if (actor.isPlatformAdmin) return null;
    const authoring = (await this.memberships.listForUser(actor.userId)).filter((m) => hasOrgRole(m.role, 'trainer'));
    if (authoring.length === 0) throw new DomainError(ErrorCode.Forbidden, 'Only course authors may do this');
    if (authoring.length > 1) {
      throw DomainError.validation([
        { field: 'organisationId', reasons: ['you author for several organisations: say which one the image is for, e.g. ?organisationId=<id>'] },
      ]);
    }
    return authoring[0]!.organisationId;
  }

  /**
   * An image for a lesson: PNG, JPEG, WebP or GIF by its bytes, at most 2 MB (the upload interceptor stops larger
   * ones earlier), stored under a random name. The client's name and MIME type are ignored. The
   * space is reserved in the database first (atomically against the quota), then the file is
   * written; if writing fails, the reservation is given back.
   */
  async uploadImage(actor: Actor, file: UploadedFile | undefined, organisationId?: string): Promise<UploadedImageDto> {
    const owner = await this.chargeTo(actor, organisationId);
    if (!file) throw DomainError.validation([{ field: 'file', reasons: ['send the image as the multipart field "file"'] }]);
    if (file.size > MAX_IMAGE_BYTES || file.buffer.length > MAX_IMAGE_BYTES) {
      throw new DomainError(ErrorCode.PayloadTooLarge, 'Images may be at most 2 MB');
    }
    const type = detectImageType(file.buffer);
    if (!type) throw new DomainError(ErrorCode.UnsupportedMediaType, 'Only PNG, JPEG, WebP and GIF images are accepted');
    const name = `${randomBytes(16).toString('hex')}.${type.extension}`;
    const size = file.buffer.length;
    const quotaBytes = this.quotaOf(owner);
    const reservation = await this.repository.reserve(
      { fileName: name, organisationId: owner, uploadedBy: actor.userId, sizeBytes: size, contentType: type.contentType },
      quotaBytes,
    );
    if (!reservation.recorded) {
      const whose = owner === null ? 'The platform’s image storage' : 'This organisation’s image storage';
      throw new DomainError(
        CoursesErrors.StorageQuotaExceeded,
        `${whose} is full: ${megabytes(reservation.usedBytes)} of ${megabytes(quotaBytes)} used, and this image needs ${megabytes(size)}. ` +
          'Ask an administrator to raise the quota.',
        { organisationId: owner, usedBytes: reservation.usedBytes, quotaBytes, fileBytes: size },
      );
    }
    try {
      await this.storage.put(name, file.buffer);
    } catch (err) {
      await this.repository.release(name);
      throw err;
    }
    return { file: name, url: `/api/uploads/${name}`, contentType: type.contentType, size, organisationId: owner };
  }

  /** A stored upload, for GET /api/uploads/{file}. Unknown and malformed names alike are 404. */
  async readUpload(name: string): Promise<{ data: Buffer; contentType: string }> {
    const match = STORED_NAME.exec(name);
    const data = match ? await this.storage.get(name) : null;
    if (!match || !data) throw DomainError.notFound('File');
    return { data, contentType: CONTENT_TYPE_BY_EXTENSION[match[1] as keyof typeof CONTENT_TYPE_BY_EXTENSION] };
  }

  /** An organisation's usage and quota, for its org admins and platform admins (non-members 404, others 403). */
  async organisationUsage(actor: Actor, organisationId: string): Promise<StorageUsageDto> {
    if (!actor.isPlatformAdmin) {
      assertOrgRole(await this.memberships.roleOf(actor.userId, organisationId), 'org_admin', 'Only org admins may see the organisation’s storage');
    }
    return this.usageOf(organisationId);
  }

  /** The platform admins' own allowance. */
  async platformUsage(actor: Actor): Promise<StorageUsageDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may see this');
    return this.usageOf(null);
  }

  private async usageOf(owner: StorageOwner): Promise<StorageUsageDto> {
    const usage = await this.repository.usage(owner);
    return { organisationId: owner, usedBytes: usage.usedBytes, fileCount: usage.fileCount, quotaBytes: this.quotaOf(owner) };
  }
}
