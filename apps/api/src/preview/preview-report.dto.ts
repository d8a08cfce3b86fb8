import { ApiProperty } from '@nestjs/swagger';
import { SOURCE_ENTITIES, type HubSpotObjectType, type SourceEntity } from '@ml/mapping';
import type { PreviewCounts, PreviewExamples } from './preview-tally';
import type { PreviewWindow } from './preview-windows';
import type { PropertyCheck } from './target-properties';

export interface EntityPreview {
  readonly entity: SourceEntity;
  readonly objectType: HubSpotObjectType;
  readonly counts: PreviewCounts;
  readonly deferred: number;
  readonly rowsRead: number;
  readonly windowsRead: number;
  readonly examples: PreviewExamples;
  readonly properties: PropertyCheck;
  readonly error: string | null;
  readonly hint: string | null;
}

export interface PreviewReport {
  readonly ok: boolean;
  readonly connectionId: string;
  readonly previewedAt: string;
  readonly today: string;
  readonly window: PreviewWindow;
  readonly entities: EntityPreview[];
}

export class PreviewCountsDto {
  @ApiProperty({ description: 'No HubSpot object is known for the record yet', example: 12 })
  create!: number;

  @ApiProperty({ description: 'HubSpot holds other content for it', example: 3 })
  update!: number;

  @ApiProperty({ description: 'HubSpot already holds exactly this content', example: 1980 })
  unchanged!: number;

  @ApiProperty({ description: 'Rejected by the mapping: never sent', example: 5 })
  invalid!: number;
}

export class PreviewRecordDto {
  @ApiProperty({ example: 'KU0042' })
  sourceId!: string;

  @ApiProperty({ type: String, nullable: true, example: '151' })
  hubspotId!: string | null;

  @ApiProperty({ enum: ['active', 'inactive', 'terminated'] })
  lifecycle!: string;

  @ApiProperty({ example: '2026-11-27-14.03.11.000000' })
  sourceUpdatedAt!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Exactly the properties the upsert would carry; the writer adds ml_last_synced_at when it sends',
    example: { ml_peoplesoft_id: 'KU0042', firstname: 'Ana', email: 'ana.mcdonald@example.com' },
  })
  properties!: Record<string, string>;

  @ApiProperty({ description: 'SHA-256 of the properties (docs/mapping.md)' })
  contentHash!: string;

  @ApiProperty({ type: [String], description: 'Values changed or left out on the way' })
  notes!: string[];
}

export class InvalidPreviewRecordDto {
  @ApiProperty({ type: String, nullable: true, example: 'KU0043' })
  sourceId!: string | null;

  @ApiProperty({
    type: [String],
    example: ["EMAIL_ADDR 'john.doe@' is not a valid email"],
  })
  reasons!: string[];
}

export class PreviewExamplesDto {
  @ApiProperty({ type: [PreviewRecordDto] })
  create!: PreviewRecordDto[];

  @ApiProperty({ type: [PreviewRecordDto] })
  update!: PreviewRecordDto[];

  @ApiProperty({ type: [PreviewRecordDto] })
  unchanged!: PreviewRecordDto[];

  @ApiProperty({ type: [InvalidPreviewRecordDto] })
  invalid!: InvalidPreviewRecordDto[];
}

export class MissingPropertyDto {
  @ApiProperty({ example: 'ml_location' })
  property!: string;

  @ApiProperty({
    example:
      "HubSpot contacts have no property 'ml_location', which the employee mapping writes: create it in HubSpot (Settings → Properties, internal name ml_location) or change the connection's mapping",
  })
  message!: string;
}

export class PropertyCheckDto {
  @ApiProperty({ description: "False when HubSpot's property list could not be read" })
  checked!: boolean;

  @ApiProperty({
    type: [MissingPropertyDto],
    description:
      "Mapped properties missing in HubSpot; the connector's own are created by the writer's bootstrap and count as existing",
  })
  missing!: MissingPropertyDto[];

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}

export class PreviewWindowViewDto {
  @ApiProperty({ example: '1900-01-01-00.00.00.000000' })
  from!: string;

  @ApiProperty({ example: '2026-11-29-10.00.00.000000' })
  to!: string;
}

export class EntityPreviewDto {
  @ApiProperty({ enum: SOURCE_ENTITIES })
  entity!: string;

  @ApiProperty({ enum: ['contacts', 'companies'] })
  objectType!: string;

  @ApiProperty({ type: PreviewCountsDto, description: 'One per PeopleSoft record' })
  counts!: PreviewCountsDto;

  @ApiProperty({
    description: 'Employee rows effective after today: sent on their effective date, not now',
  })
  deferred!: number;

  @ApiProperty({ description: 'Rows PeopleSoft returned (all effective-dated rows)' })
  rowsRead!: number;

  @ApiProperty({ description: 'PeopleSoft answers read (full windows are split and re-read)' })
  windowsRead!: number;

  @ApiProperty({ type: PreviewExamplesDto, description: 'The first `limit` of each outcome' })
  examples!: PreviewExamplesDto;

  @ApiProperty({ type: PropertyCheckDto })
  properties!: PropertyCheckDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the entity could not be previewed in full; its counts are then partial',
  })
  error!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'What to change about the error' })
  hint!: string | null;
}

export class PreviewReportDto {
  @ApiProperty({ description: 'True when every entity was read and every property exists' })
  ok!: boolean;

  @ApiProperty({ format: 'uuid' })
  connectionId!: string;

  @ApiProperty({ format: 'date-time' })
  previewedAt!: string;

  @ApiProperty({
    description: "Today in the connection's time zone: the date effective dating uses",
    example: '2026-11-28',
  })
  today!: string;

  @ApiProperty({ type: PreviewWindowViewDto, description: 'The LASTUPDDTTM window read' })
  window!: PreviewWindowViewDto;

  @ApiProperty({ type: [EntityPreviewDto] })
  entities!: EntityPreviewDto[];
}
